import fc from 'fast-check';

/** Keys that poison naive object merging and lookups. */
export const POISON_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  'then',
] as const;

/** Strings that tend to break parsers, lookups, logs and storage. */
const NASTY_STRINGS = [
  '',
  ' ',
  '\t\n',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '9007199254740993',
  '4294967294',
  '-0',
  '0x1F',
  'true',
  '[]',
  '{}',
  '{"a":',
  '%',
  '%00',
  '%zz',
  '\u0000',
  '\u0000abc',
  '../../etc/passwd',
  '..',
  '.',
  '/',
  '\\',
  '?',
  '#',
  '&',
  '=',
  '"',
  "'",
  '<script>alert(1)</script>',
  "'; DROP TABLE events; --",
  '${7*7}',
  '{{7*7}}',
  '\u202e\u0644\u0627',
  '\ud83d\ude00\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67',
  '\ud800',
  '\udfff',
  'ｆｕｌｌｗｉｄｔｈ',
  'İı',
  '\uFEFF+919876543210',
  '०९८७६५४३२१०',
  '+91 98765 43210',
  '+919876543210',
  '09876543210',
  '+1',
  '2026-03-02T10:00:00+05:30',
  '2026-02-30T10:00:00Z',
  '9999-12-31T23:59:59Z',
  '0000-01-01T00:00:00Z',
  '2026-03-02 10:00:00',
  '0000-00-00 00:00:00',
  'completed',
  'in-progress',
  'terminal',
  'answered',
  ...POISON_KEYS,
];

export const nastyString: fc.Arbitrary<string> = fc.constantFrom(...NASTY_STRINGS);

/** Text of every flavour: ASCII, full unicode (with lone surrogates), nasty constants, long and very long. */
export const junkString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: nastyString },
  { weight: 3, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 5_000 }).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 60_000, max: 120_000 }).map((n) => '9'.repeat(n)) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
);

/** Numbers including the edges JSON and JavaScript disagree about. */
export const junkNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    -1,
    1,
    0.5,
    -0.5,
    1e308,
    -1e308,
    5e-324,
    Number.MAX_SAFE_INTEGER + 2,
    2 ** 31,
    2 ** 32,
    4294967294,
    1e21,
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Nesting as deep as the depth given: arrays in arrays, or objects in objects. */
export function deeplyNested(depth: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i += 1) value = i % 2 === 0 ? [value] : { a: value };
  return value;
}

/** The JSON text of arrays nested `depth` deep (built as text: stringifying it would overflow the test's stack). */
export function deeplyNestedJson(depth: number, open = '[', close = ']'): string {
  return `${open.repeat(depth)}1${close.repeat(depth)}`;
}

/** An object with a poisonous own key (created the way JSON.parse would, not by assignment). */
export function withOwnKey(
  key: string,
  value: unknown,
  base: Record<string, unknown> = {},
): Record<string, unknown> {
  const object: Record<string, unknown> = { ...base };
  Object.defineProperty(object, key, { value, enumerable: true, configurable: true, writable: true });
  return object;
}

const scalarJunk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: junkString },
  { weight: 2, arbitrary: junkNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);

/** Any JSON value, biased to trouble: wrong types, poison keys, numeric keys, deep and wide structures. */
export const junkValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 6, arbitrary: scalarJunk },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
    {
      weight: 1,
      arbitrary: fc
        .array(
          fc.tuple(fc.oneof(junkString, fc.constantFrom(...POISON_KEYS), fc.nat().map(String)), tie('value')),
          { maxLength: 4 },
        )
        .map((entries) =>
          entries.reduce<Record<string, unknown>>(
            (object, [key, value]) => withOwnKey(key, value, object),
            {},
          ),
        ),
    },
    { weight: 1, arbitrary: fc.integer({ min: 10, max: 3_000 }).map((depth) => deeplyNested(depth)) },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 100, max: 5_000 }).map((n) => Array.from({ length: n }, (_, i) => i)),
    },
  ),
})).value;
