/**
 * `{ ...row, ...changes }`: the same fields, in the same order, with the same values, built the cheaper of two ways.
 * On Node 20 (V8 11) an object made by a spread takes a slow path for each field added to it afterwards (about
 * 0.5 µs a field, against a few ns), which was most of what a rebuild spent in the projections. So a spread copy is
 * used only when `changes` sets fields the row already has; a change that adds one is copied with `Object.assign`
 * onto a fresh object instead.
 */
export function revise<Row extends object>(row: Row, changes: Partial<Row>): Row {
  for (const key in changes) if (!(key in row)) return Object.assign({}, row, changes);
  return Object.assign({ ...row }, changes);
}
