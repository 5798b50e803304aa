import fc from 'fast-check';
import { TEST_API_KEY } from '../../support/test-service.js';
import { encode, encodingChoice, safeEncode, type Encoding, type EncodingChoice } from './encodings.js';
import type { FuzzCaseRequest } from './fuzz-target.js';
import { junkString, junkValue, nastyString } from './junk.js';
import type { RouteInfo } from './route-catalog.js';
import { schemaAwareValue, validValue, type JsonSchema } from './schema-arbitrary.js';
import { Ref, resolveRefs, type RefKind, type World } from './world-refs.js';

export type Auth = 'key' | 'none' | 'wrong' | 'malformed' | 'query-token';

/** A path or query value: a reference to something that exists, or text sent percent-encoded or (almost) raw. */
export interface PathValue {
  readonly value: Ref | string;
  readonly raw: boolean;
}

/** One generated /api request, before references are resolved. */
export interface ApiCase {
  readonly auth: Auth;
  readonly authVariant: number;
  readonly params: Readonly<Record<string, PathValue>>;
  /** Query values (flattened like qs), or a raw query string. */
  readonly query: unknown;
  readonly rawQuery?: string;
  readonly body: unknown;
  readonly encoding: EncodingChoice;
  readonly idempotencyKey?: string;
  readonly extraHeaders: Readonly<Record<string, string>>;
  readonly chunked: boolean;
}

/** What an `{id}` names, by where it sits. */
function idKindOf(path: string, param: string): RefKind | undefined {
  if (param === 'agentId') return 'agent';
  if (param === 'phone') return 'customerPhone';
  if (path.startsWith('/api/campaigns')) return 'campaign';
  if (path.startsWith('/api/agents')) return 'agent';
  if (path.startsWith('/api/contacts')) return 'contact';
  return undefined;
}

function bodyIdKind(path: string): RefKind | undefined {
  if (path === '/api/campaigns') return 'campaign';
  if (path === '/api/agents') return 'agent';
  if (path.endsWith('/contacts')) return 'contact';
  return undefined;
}

/** Junk for the request line and headers: long, but within what Node's HTTP parser takes (16 KB of headers). */
const shortJunk = junkString.map((text) => text.slice(0, 3_000));

const pathValue = (
  kind: RefKind | undefined,
  schema: JsonSchema | undefined,
  validOnly = false,
): fc.Arbitrary<PathValue> =>
  validOnly
    ? kind === undefined
      ? fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,30}$/).map((value) => ({ value, raw: false }))
      : fc.nat({ max: 1_000 }).map((n) => ({ value: new Ref(kind, n), raw: false }))
    : fc.oneof(
        ...(kind === undefined
          ? []
          : [
              {
                weight: 6,
                arbitrary: fc.nat({ max: 1_000 }).map((n) => ({ value: new Ref(kind, n), raw: false })),
              },
            ]),
        {
          weight: 2,
          arbitrary: validValue(
            schema ?? { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,30}$' },
          ).map((value) => ({ value: String(value), raw: false })),
        },
        { weight: 2, arbitrary: shortJunk.map((value) => ({ value, raw: false })) },
        {
          weight: 1,
          arbitrary: fc
            .oneof(
              nastyString,
              fc.constantFrom(
                '%zz',
                '%',
                '%E0%A4%A',
                '%00',
                '..',
                '%2e%2e',
                'a%2Fb',
                'x/y',
                '%C0%AF',
                'caf\u00e9',
                '\u00ff\u00fe',
              ),
            )
            .map((value) => ({ value, raw: true })),
        },
      );

/** Only bytes node:http puts on a request line or in a header (visible latin-1); the rest percent-encoded. */
function rawish(text: string, keep: RegExp = /[\x21-\xff]/): string {
  let out = '';
  for (const char of text) out += keep.test(char) && char !== '?' && char !== '#' ? char : safeEncode(char);
  return out;
}

/** A header value node:http accepts (no CR/LF, visible latin-1). */
export function headerSafe(text: string): string {
  return [...text]
    .map((char) => (/[\t\x20-\x7e\x80-\xff]/.test(char) ? char : '?'))
    .join('')
    .slice(0, 4_000);
}

const ENCODINGS_WITH_BODY: readonly { encoding: Encoding; weight: number }[] = [
  { encoding: 'json', weight: 12 },
  { encoding: 'json-odd-type', weight: 2 },
  { encoding: 'json-malformed', weight: 2 },
  { encoding: 'json-gzip', weight: 1 },
  { encoding: 'json-deep', weight: 1 },
  { encoding: 'urlencoded', weight: 2 },
  { encoding: 'multipart', weight: 1 },
  { encoding: 'multipart-broken', weight: 1 },
  { encoding: 'text-plain', weight: 1 },
  { encoding: 'no-content-type', weight: 1 },
  { encoding: 'garbage', weight: 1 },
  { encoding: 'none', weight: 1 },
];

const ENCODINGS_WITHOUT_BODY: readonly { encoding: Encoding; weight: number }[] = [
  { encoding: 'none', weight: 10 },
  { encoding: 'json', weight: 2 },
  { encoding: 'json-malformed', weight: 1 },
  { encoding: 'json-deep', weight: 1 },
  { encoding: 'urlencoded', weight: 1 },
  { encoding: 'garbage', weight: 1 },
];

const idempotencyKey: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 8, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9-]{8,24}$/) },
  { weight: 2, arbitrary: fc.constantFrom('fuzz-reused-key-1', 'fuzz-reused-key-2') },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'k'.repeat(201), 'with space', 'caf\u00e9', '\t') },
);

type Headers = Record<string, string>;
const extraHeaders: fc.Arbitrary<Headers> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Headers>({}) },
  { weight: 1, arbitrary: shortJunk.map((value): Headers => ({ 'x-request-id': headerSafe(value) })) },
  { weight: 1, arbitrary: shortJunk.map((value): Headers => ({ 'last-event-id': headerSafe(value) })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Headers>(
      { accept: 'text/csv' },
      { accept: 'application/xml' },
      { 'x-forwarded-for': '1.2.3.4, ::1' },
      { 'accept-encoding': 'gzip, br' },
    ),
  },
);

/** Requests for one /api route: credentials right and wrong, path values that exist and junk, bodies from its schema. */
export function apiCaseArbitrary(route: RouteInfo): fc.Arbitrary<ApiCase> {
  const operation = route.operation;
  const parameters = operation?.parameters ?? [];
  const params: Record<string, fc.Arbitrary<PathValue>> = {};
  for (const name of route.pathParams)
    params[name] = pathValue(
      idKindOf(route.path, name),
      parameters.find((p) => p.in === 'path' && p.name === name)?.schema,
    );
  const querySchema: JsonSchema = {
    type: 'object',
    properties: Object.fromEntries(
      parameters.filter((p) => p.in === 'query').map((p) => [p.name, p.schema ?? {}]),
    ),
    required: parameters.filter((p) => p.in === 'query' && p.required === true).map((p) => p.name),
    additionalProperties: false,
  };
  const hasQuery = Object.keys(querySchema.properties ?? {}).length > 0;
  const jsonSchema = operation?.requestBody?.content['application/json']?.schema;
  const takesCsv = operation?.requestBody?.content['text/csv'] !== undefined;
  const idKind = bodyIdKind(route.path);
  const valueOptions = idKind === undefined ? {} : { idKind };
  const encodings =
    jsonSchema === undefined
      ? ENCODINGS_WITHOUT_BODY
      : takesCsv
        ? [
            ...ENCODINGS_WITH_BODY,
            { encoding: 'csv' as const, weight: 6 },
            { encoding: 'csv-runaway' as const, weight: 1 },
          ]
        : ENCODINGS_WITH_BODY;

  // each part of a request, well-formed and broken
  const goodAuth = fc.constant<Auth>('key');
  const badAuth = fc.constantFrom<Auth>('none', 'wrong', 'malformed', 'query-token');
  const validParams = fc.record(
    Object.fromEntries(
      route.pathParams.map((name) => [name, pathValue(idKindOf(route.path, name), undefined, true)]),
    ),
  );
  const anyParams = fc.record(params);
  const validQuery = hasQuery ? validValue(querySchema) : fc.constant({});
  const anyQuery = hasQuery ? schemaAwareValue(querySchema) : junkValue;
  const validBody = jsonSchema === undefined ? fc.constant(undefined) : validValue(jsonSchema, valueOptions);
  const anyBody = jsonSchema === undefined ? junkValue : schemaAwareValue(jsonSchema, valueOptions);
  const goodEncoding = encodingChoice(
    jsonSchema === undefined
      ? [{ encoding: 'none', weight: 1 }]
      : takesCsv
        ? [
            { encoding: 'json', weight: 4 },
            { encoding: 'csv', weight: 4 },
            { encoding: 'csv-runaway', weight: 1 },
          ]
        : [{ encoding: 'json', weight: 1 }],
  );
  const anyEncoding = encodingChoice(encodings);
  const rawQuery = fc.oneof(
    shortJunk.map((text) => rawish(text)),
    fc.constantFrom(
      'a=1&a=2&a[b]=3',
      'asOf[$gt]=1',
      '%',
      '=&=&',
      'status=running&status=paused',
      'x=%zz',
      '__proto__[x]=1',
      'constructor[prototype][x]=1',
      `${'a['.repeat(40)}=1`,
    ),
  );
  const key = route.method === 'POST' ? idempotencyKey : fc.constant(undefined);

  type Broken = 'nothing' | 'auth' | 'path' | 'query' | 'body' | 'encoding' | 'headers' | 'everything';
  const broken = fc.oneof(
    { weight: 5, arbitrary: fc.constant<Broken>('nothing') },
    { weight: 2, arbitrary: fc.constant<Broken>('auth') },
    { weight: route.pathParams.length > 0 ? 2 : 0, arbitrary: fc.constant<Broken>('path') },
    { weight: hasQuery ? 2 : 1, arbitrary: fc.constant<Broken>('query') },
    { weight: jsonSchema === undefined ? 1 : 5, arbitrary: fc.constant<Broken>('body') },
    { weight: 2, arbitrary: fc.constant<Broken>('encoding') },
    { weight: 1, arbitrary: fc.constant<Broken>('headers') },
    { weight: 2, arbitrary: fc.constant<Broken>('everything') },
  );
  const pick = <T>(part: Broken, broken: Broken, good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>) =>
    broken === part || broken === 'everything' ? bad : good;
  return broken.chain((b) =>
    fc.record(
      {
        auth: pick('auth', b, goodAuth, b === 'everything' ? fc.oneof(goodAuth, badAuth) : badAuth),
        authVariant: fc.nat({ max: 100 }),
        params: pick('path', b, validParams, anyParams),
        query: pick('query', b, validQuery, anyQuery),
        rawQuery: pick('query', b, fc.constant(undefined), fc.option(rawQuery, { freq: 2, nil: undefined })),
        body: pick('body', b, validBody, anyBody),
        encoding: pick('encoding', b, goodEncoding, anyEncoding),
        idempotencyKey: pick(
          'headers',
          b,
          fc
            .option(fc.stringMatching(/^[A-Za-z0-9-]{8,24}$/), { freq: 4, nil: undefined })
            .map((k) => (route.method === 'POST' ? k : undefined)),
          key,
        ),
        extraHeaders: pick('headers', b, fc.constant({}), extraHeaders),
        chunked: pick(
          'encoding',
          b,
          fc.constant(false),
          fc.nat({ max: 4 }).map((n) => n === 0),
        ),
      },
      {
        requiredKeys: [
          'auth',
          'authVariant',
          'params',
          'query',
          'body',
          'encoding',
          'extraHeaders',
          'chunked',
        ],
      },
    ),
  );
}

function authorization(
  auth: Auth,
  variant: number,
): { headers: Record<string, string>; query: Record<string, string>; unauthenticated: boolean } {
  switch (auth) {
    case 'key':
      return { headers: { authorization: `Bearer ${TEST_API_KEY}` }, query: {}, unauthenticated: false };
    case 'none':
      return { headers: {}, query: {}, unauthenticated: true };
    case 'wrong':
      return {
        headers: {
          authorization: `Bearer ${['wrong-key-0123456789', TEST_API_KEY.slice(0, -1), `${TEST_API_KEY}x`, TEST_API_KEY.toUpperCase(), ''][variant % 5]}`,
        },
        query: {},
        unauthenticated: true,
      };
    case 'malformed': {
      const values = [
        'Bearer',
        `bearer ${TEST_API_KEY}`,
        `Basic ${Buffer.from(`user:${TEST_API_KEY}`).toString('base64')}`,
        TEST_API_KEY,
        `Token ${TEST_API_KEY}`,
        `Bearer ${TEST_API_KEY}\u00e9`,
        `Bearer\t${TEST_API_KEY}`,
        'Bearer '.repeat(500),
      ];
      return {
        headers: { authorization: values[variant % values.length]! },
        query: {},
        unauthenticated: true,
      };
    }
    case 'query-token':
      // only the event stream takes the key in the query (EventSource cannot send headers)
      return {
        headers: {},
        query: { access_token: variant % 3 === 0 ? 'wrong' : TEST_API_KEY },
        unauthenticated: true,
      };
  }
}

/** The request on the wire, references resolved against the service as it is now. */
export function buildApiRequest(
  route: RouteInfo,
  spec: ApiCase,
  world: World,
  group: string,
): FuzzCaseRequest {
  let path = route.path;
  for (const name of route.pathParams) {
    const param = spec.params[name]!;
    const value = resolveRefs(world, param.value) as string;
    path = path.replace(`:${name}`, param.raw ? rawish(value) : safeEncode(value));
  }
  const auth = authorization(spec.auth, spec.authVariant);
  const query = resolveRefs(world, spec.query);
  const pairs = flattenQuery(
    typeof query === 'object' && query !== null && !Array.isArray(query) ? query : { q: query },
  );
  const queryText = [...pairs, ...Object.entries(auth.query)]
    .map(([key, value]) => `${safeEncode(key)}=${safeEncode(value)}`)
    .join('&');
  const fullQuery = [queryText, spec.rawQuery].filter((part) => part !== undefined && part !== '').join('&');
  const encoded = encode(resolveRefs(world, spec.body), spec.encoding);
  // the event stream takes a valid access_token in the query as its credentials
  const tokenAccepted =
    spec.auth === 'query-token' && route.path === '/api/events' && auth.query.access_token === TEST_API_KEY;
  return {
    group,
    route: `${route.method} ${route.path}`,
    method: route.method,
    path: `${path}${fullQuery === '' ? '' : `?${fullQuery}`}`,
    headers: {
      ...encoded.headers,
      ...auth.headers,
      ...(spec.idempotencyKey === undefined ? {} : { 'idempotency-key': headerSafe(spec.idempotencyKey) }),
      ...spec.extraHeaders,
      ...(spec.chunked ? { 'transfer-encoding': 'chunked' } : {}),
    },
    ...(encoded.body === undefined ? {} : { body: encoded.body }),
    chunked: spec.chunked && encoded.body !== undefined,
    unauthenticated: auth.unauthenticated && !tokenAccepted,
  };
}

function flattenQuery(value: object, prefix = '', out: [string, string][] = []): [string, string][] {
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    const name = prefix === '' ? key : `${prefix}[${key}]`;
    if (out.length > 200) break;
    if (typeof item === 'object' && item !== null) flattenQuery(item, name, out);
    else out.push([name, item === undefined ? '' : String(item)]);
  }
  return out;
}
