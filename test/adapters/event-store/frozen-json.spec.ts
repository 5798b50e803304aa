import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { frozenJsonCopy } from '../../../src/adapters/event-store/frozen-json.js';

const viaText = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null) ?? 'null');

function isDeepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}

/** Values with what JSON drops or rewrites: undefined, -0, NaN, infinities, holes, dates, odd keys. */
const awkward = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.boolean(),
    fc.double(),
    fc.constantFrom(undefined, null, -0, Number.NaN, Number.POSITIVE_INFINITY, () => 1, Symbol('s')),
    fc.date({ noInvalidDate: true }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.sparseArray(fc.integer(), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('a', 'b', '1', '0', '__proto__', 'toString', 'z y'), tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('frozenJsonCopy', () => {
  test.prop([awkward])('is what a reader of the JSON text gets back, key order included', (value) => {
    const copy = frozenJsonCopy(value);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(viaText(value)));
    expect(copy).toStrictEqual(viaText(value));
  });

  test.prop([awkward])('is frozen all the way down', (value) => {
    expect(isDeepFrozen(frozenJsonCopy(value))).toBe(true);
  });

  it('shares nothing mutable with the original', () => {
    const original = { a: { b: [1, { c: 'x' }] } };
    const copy = frozenJsonCopy(original) as typeof original;
    original.a.b.push(2);
    (original.a.b[1] as { c: string }).c = 'y';
    expect(copy).toEqual({ a: { b: [1, { c: 'x' }] } });
  });

  it('throws as JSON.stringify does: a bigint, a cycle', () => {
    expect(() => frozenJsonCopy({ n: 1n })).toThrow(TypeError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => frozenJsonCopy(cyclic)).toThrow(TypeError);
  });

  it('copies class instances, maps and boxed values as JSON does, and deep values beyond the copying depth', () => {
    class Point {
      constructor(
        readonly x: number,
        readonly y?: number,
      ) {}
    }
    const odd = { point: new Point(1), map: new Map([[1, 2]]), boxed: new String('s'), when: new Date(0) };
    expect(frozenJsonCopy(odd)).toStrictEqual(viaText(odd));
    let deep: unknown = 'bottom';
    for (let n = 0; n < 200; n += 1) deep = { n, deep };
    expect(frozenJsonCopy(deep)).toStrictEqual(viaText(deep));
    expect(isDeepFrozen(frozenJsonCopy(deep))).toBe(true);
  });
});
