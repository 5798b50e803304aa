import fc from 'fast-check';
import { junkNumber, junkString, junkValue, POISON_KEYS, withOwnKey } from './junk.js';
import { Ref, type RefKind } from './world-refs.js';

/** The subset of JSON Schema that zod's toJSONSchema (and so the OpenAPI document) produces. */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly pattern?: string;
  readonly format?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly description?: string;
}

export const E164_INDIA = fc.integer({ min: 6_000_000_000, max: 9_999_999_999 }).map((n) => `+91${n}`);

const phoneText = fc.oneof(
  { weight: 3, arbitrary: E164_INDIA },
  { weight: 2, arbitrary: E164_INDIA.map((e164) => `0${e164.slice(3)}`) },
  { weight: 1, arbitrary: E164_INDIA.map((e164) => `+91 ${e164.slice(3, 8)} ${e164.slice(8)}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('+14155550100', '+442071838750', '12345', '+91', '0000000000', 'not-a-number'),
  },
);

const instant = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
  .chain((date) =>
    fc.constantFrom(
      date.toISOString(),
      date.toISOString().replace('Z', '+05:30'),
      date.toISOString().replace(/\.\d+Z$/, 'Z'),
      date.toISOString().replace(/\.\d+Z$/, '-08:00'),
    ),
  );

const ref = (kind: RefKind) => fc.nat({ max: 1_000 }).map((n) => new Ref(kind, n));

/** Names whose meaning the schema cannot say: values that reach past validation into the domain. */
const FIELD_HINTS: Readonly<Record<string, fc.Arbitrary<unknown>>> = {
  phone: phoneText,
  callerId: fc.oneof(fc.constant('+918047112233'), phoneText),
  timeZone: fc.constantFrom(
    'Asia/Kolkata',
    'UTC',
    'America/New_York',
    'Europe/London',
    'Asia/Kathmandu',
    'Mars/Olympus',
    'asia/kolkata',
    '+05:30',
  ),
  timezone: fc.constantFrom('Asia/Kolkata', 'UTC', 'Nowhere/Special'),
  days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
  campaignId: ref('campaign'),
  agentId: ref('agent'),
  contactId: ref('contact'),
  attemptId: fc.oneof(ref('attempt'), fc.stringMatching(/^[a-z0-9]{1,12}$/)),
  agentIds: fc.array(ref('agent'), { minLength: 1, maxLength: 3 }),
  campaigns: fc.array(ref('campaign'), { maxLength: 3 }),
  code: fc.constantFrom('interested', 'not-interested', 'call-later', 'do-not-call', 'wrong_number', 'sale'),
  callbackAt: instant,
  dueAt: instant,
  reason: fc.constantFrom('lunch', 'break', 'customer asked', 'training'),
  types: fc.constantFrom('CallTerminated', 'CallPlaced,AgentPaused', 'ContactAdded, RetryScheduled', ''),
  lastEventId: fc.bigInt({ min: 0n, max: 10_000n }).map(String),
};

/** Ids: mostly things that exist (so the request reaches the domain), else fresh valid ones. */
function idHint(kind: RefKind | undefined): fc.Arbitrary<unknown> {
  const fresh = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,20}$/);
  return kind === undefined
    ? fresh
    : fc.oneof({ weight: 1, arbitrary: ref(kind) }, { weight: 2, arbitrary: fresh });
}

/** "1-120 characters", "(1-10)", "5-120 s": the range a description states, if any. */
function describedRange(schema: JsonSchema): [number, number] | undefined {
  const match = /(\d+)\s*-\s*(\d+)/.exec(schema.description ?? '');
  return match === null ? undefined : [Number(match[1]), Number(match[2])];
}

const typesOf = (schema: JsonSchema): string[] =>
  schema.type === undefined ? [] : typeof schema.type === 'string' ? [schema.type] : [...schema.type];

export interface ValueOptions {
  /** The kind of thing an `id` field names in this body (a campaign for POST /api/campaigns…). */
  readonly idKind?: RefKind;
}

/** Values the schema accepts, shaped to pass validation and reach the domain (which may still say no). */
export function validValue(
  schema: JsonSchema,
  options: ValueOptions = {},
  field?: string,
): fc.Arbitrary<unknown> {
  if (field !== undefined) {
    if (field === 'id') return idHint(options.idKind);
    const hint = FIELD_HINTS[field];
    if (hint !== undefined) return hint;
  }
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives !== undefined)
    return fc.oneof(...alternatives.map((alternative) => validValue(alternative, options, field)));
  const types = typesOf(schema);
  if (types.length > 1)
    return fc.oneof(...types.map((type) => validValue({ ...schema, type }, options, field)));
  const range = describedRange(schema);
  switch (types[0]) {
    case 'object':
      return objectValue(schema, options);
    case 'array': {
      const items = schema.items ?? {};
      return fc.array(validValue(items, options, field === undefined ? undefined : `${field}[]`), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 5, 5),
      });
    }
    case 'string':
      return stringValue(schema, range);
    case 'integer': {
      const [min, max] = range ?? [
        Math.max(schema.minimum ?? -1_000, -1_000),
        Math.min(schema.maximum ?? 1_000, 1_000),
      ];
      return fc.integer({ min, max });
    }
    case 'number': {
      const [min, max] = range ?? [schema.minimum ?? 0, schema.maximum ?? 1_000];
      return fc.oneof(fc.integer({ min, max }), fc.double({ min, max, noNaN: true }));
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean());
  }
}

function stringValue(schema: JsonSchema, range: [number, number] | undefined): fc.Arbitrary<string> {
  if (schema.format === 'date-time') return instant;
  if (schema.pattern !== undefined) return fc.stringMatching(new RegExp(schema.pattern));
  const minLength = schema.minLength ?? range?.[0] ?? 0;
  const maxLength = Math.min(schema.maxLength ?? range?.[1] ?? 30, 60);
  return fc.string({ minLength, maxLength: Math.max(minLength, maxLength) });
}

function objectValue(schema: JsonSchema, options: ValueOptions): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties))
    shape[name] = validValue(property, options, name);
  const base = fc.record(shape, { requiredKeys: [...(schema.required ?? [])] });
  const extra = schema.additionalProperties;
  if (typeof extra !== 'object') return base;
  // a catch-all (contact attributes): a few more keys of the allowed types
  return fc
    .tuple(
      base,
      fc.dictionary(fc.stringMatching(/^[a-z][a-z_]{0,10}$/), validValue(extra, options), { maxKeys: 3 }),
    )
    .map(([known, more]) => ({ ...more, ...known }));
}

// ---------------------------------------------------------------- mutations

type Path = readonly (string | number)[];

function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (out.length > 200) return out;
  if (Array.isArray(value)) value.forEach((item, i) => pathsOf(item, [...prefix, i], out));
  else if (typeof value === 'object' && value !== null && !(value instanceof Ref))
    for (const key of Object.keys(value))
      pathsOf((value as Record<string, unknown>)[key], [...prefix, key], out);
  return out;
}

function clone(value: unknown, depth = 0): unknown {
  if (value instanceof Ref || depth > 50) return value;
  if (Array.isArray(value)) return value.map((item) => clone(item, depth + 1));
  if (typeof value === 'object' && value !== null) {
    let copy: Record<string, unknown> = {};
    for (const key of Object.keys(value))
      copy = withOwnKey(key, clone((value as Record<string, unknown>)[key], depth + 1), copy);
    return copy;
  }
  return value;
}

export type Mutation =
  | { readonly kind: 'replace'; readonly with: unknown }
  | { readonly kind: 'delete' }
  | { readonly kind: 'add-key'; readonly key: string; readonly with: unknown }
  | { readonly kind: 'stringify' }
  | { readonly kind: 'numberify' }
  | { readonly kind: 'wrap-array' }
  | { readonly kind: 'null' };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: junkValue.map((value) => ({ kind: 'replace' as const, with: value })) },
  { weight: 2, arbitrary: fc.constant({ kind: 'delete' as const }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.oneof(
          fc.constantFrom(...POISON_KEYS),
          junkString,
          fc.constantFrom('4294967294', '50000000', '1', '-1'),
        ),
        junkValue,
      )
      .map(([key, value]) => ({ kind: 'add-key' as const, key, with: value })),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'stringify' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'numberify' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'wrap-array' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'null' as const }) },
);

function changed(current: unknown, change: Mutation): unknown {
  switch (change.kind) {
    case 'replace':
      return change.with;
    case 'stringify':
      return typeof current === 'string'
        ? `${current} `
        : (JSON.stringify(current instanceof Ref ? String(current) : current) ?? 'undefined');
    case 'numberify':
      return typeof current === 'string' && current.trim() !== '' && Number.isFinite(Number(current))
        ? Number(current)
        : typeof current === 'number'
          ? current + 0.5
          : 1;
    case 'wrap-array':
      return [current];
    case 'null':
      return null;
    default:
      return current;
  }
}

/** The value with one place changed (the whole value, a field, an item): mostly valid input that is wrong in one spot. */
export function mutate(value: unknown, where: number, change: Mutation): unknown {
  const copy = clone(value);
  const paths = pathsOf(copy);
  const path = paths[where % paths.length]!;
  if (change.kind === 'add-key') {
    const target = path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], copy);
    if (typeof target === 'object' && target !== null && !Array.isArray(target) && !(target instanceof Ref))
      return path.length === 0
        ? withOwnKey(change.key, change.with, target as Record<string, unknown>)
        : setAt(copy, path, withOwnKey(change.key, change.with, target as Record<string, unknown>));
    return setAt(copy, path, changed(target, { kind: 'replace', with: change.with }));
  }
  if (path.length === 0) return change.kind === 'delete' ? undefined : changed(copy, change);
  if (change.kind === 'delete') {
    const parent = path
      .slice(0, -1)
      .reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], copy) as
      Record<string | number, unknown> | unknown[];
    const last = path.at(-1)!;
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
    return copy;
  }
  const current = path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], copy);
  return setAt(copy, path, changed(current, change));
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const parent = path
    .slice(0, -1)
    .reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root) as Record<
    string | number,
    unknown
  >;
  const last = path.at(-1)!;
  if (Array.isArray(parent)) parent[Number(last)] = value;
  else Object.defineProperty(parent, last, { value, enumerable: true, configurable: true, writable: true });
  return root;
}

/** Valid, mutated-in-one-spot, or junk: the three shapes of a generated body. */
export function schemaAwareValue(schema: JsonSchema, options: ValueOptions = {}): fc.Arbitrary<unknown> {
  const valid = validValue(schema, options);
  return fc.oneof(
    { weight: 3, arbitrary: valid },
    {
      weight: 6,
      arbitrary: fc
        .tuple(valid, fc.nat(), mutation)
        .map(([value, where, change]) => mutate(value, where, change)),
    },
    { weight: 1, arbitrary: junkValue },
    { weight: 1, arbitrary: junkNumber },
  );
}
