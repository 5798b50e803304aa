/**
 * `{ ...fresh, ...a, ...b }`: the same fields in the same order, added to `fresh` itself, which must be an object the
 * caller has just built as a literal (`ids(…)`, `facts(…)`, `{}`), not a spread copy (as slow to extend).
 * On Node 20 (V8 11) a spread followed by fields it did not have takes a slow path, about 0.5 µs per field added,
 * against a few nanoseconds here; deciders and evolve functions run on every command and every event read.
 */
export function extend<T extends object, A extends object>(fresh: T, a: A): T & A;
export function extend<T extends object, A extends object, B extends object>(fresh: T, a: A, b: B): T & A & B;
export function extend<T extends object, A extends object, B extends object, C extends object>(fresh: T, a: A, b: B, c: C): T & A & B & C;
export function extend<T extends object, A extends object, B extends object, C extends object, D extends object>(fresh: T, a: A, b: B, c: C, d: D): T & A & B & C & D;
export function extend<T extends object, A extends object, B extends object, C extends object, D extends object, E extends object>(fresh: T, a: A, b: B, c: C, d: D, e: E): T & A & B & C & D & E;
export function extend<T extends object, A extends object, B extends object, C extends object, D extends object, E extends object, F extends object>(fresh: T, a: A, b: B, c: C, d: D, e: E, f: F): T & A & B & C & D & E & F;
export function extend(fresh: object, ...more: object[]): object {
  return Object.assign(fresh, ...more);
}
