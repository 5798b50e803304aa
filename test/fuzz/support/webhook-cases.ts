import fc from 'fast-check';
import { CCM_TERMINAL_CALL_STATUSES } from '../../../src/adapters/telephony/ccm-v2/ccm-call-status.mapping.js';
import { toExotelV1Time } from '../../../src/adapters/telephony/shared/kolkata-time.js';
import { TEST_WEBHOOK_TOKEN } from '../../support/test-service.js';
import { headerSafe } from './api-cases.js';
import {
  encode,
  encodingChoice,
  flatten,
  safeEncode,
  type Encoding,
  type EncodingChoice,
} from './encodings.js';
import type { FuzzCaseRequest } from './fuzz-target.js';
import { junkString, junkValue } from './junk.js';
import type { RouteInfo } from './route-catalog.js';
import { mutate, mutation } from './schema-arbitrary.js';
import { Ref, resolveRefs, type World } from './world-refs.js';

export type TokenUse =
  'right' | 'missing' | 'wrong' | 'repeated' | 'empty' | 'in-header' | 'wrong-case' | 'array';

/** One generated webhook request, before references are resolved. */
export interface WebhookCase {
  readonly token: TokenUse;
  /** The callback body or the Dial Whom query. */
  readonly value: unknown;
  readonly encoding: EncodingChoice;
  readonly extraQuery?: string;
}

const token: fc.Arbitrary<TokenUse> = fc.oneof(
  { weight: 14, arbitrary: fc.constant<TokenUse>('right') },
  {
    weight: 1,
    arbitrary: fc.constantFrom<TokenUse>(
      'missing',
      'wrong',
      'repeated',
      'empty',
      'in-header',
      'wrong-case',
      'array',
    ),
  },
);

/** Business times around the virtual clock's start (Exotel's local `YYYY-MM-DD HH:mm:ss`), and odd ones. */
function v1Time(baseMs: number): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.integer({ min: -3_600, max: 7_200 }).map((s) => toExotelV1Time(baseMs + s * 1000)),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        '0000-00-00 00:00:00',
        '2026-02-30 10:00:00',
        '2026-03-02T10:00:00+05:30',
        '9999-12-31 23:59:59',
        '1970-01-01 00:00:00',
        'yesterday',
        '2026-03-02 25:61:61',
      ),
    },
  );
}

const LEG_STATUS = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom('completed', 'busy', 'no-answer', 'failed', 'canceled', 'in-progress', ''),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'ringing',
      'No Answer',
      'cancelled',
      'no_answer',
      'COMPLETED',
      'answered',
      null,
    ),
  },
);

const seconds = fc.oneof(
  { weight: 5, arbitrary: fc.nat({ max: 900 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('', '-1', '1e3', 'NaN', '12.5', 'Infinity') },
);

const leg = fc.record(
  { Status: LEG_STATUS, OnCallDuration: seconds, AnsweredBy: fc.constantFrom('human', 'machine', '') },
  { requiredKeys: ['Status'] },
);

/** Legs as Exotel sends them (a list), or as form parsers leave them (an index-keyed object), odd indices included. */
const legs = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(leg, leg).map(([agent, customer]) => [agent, customer]) },
  { weight: 1, arbitrary: fc.array(leg, { maxLength: 4 }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(leg, leg, fc.constantFrom(1, 2, 7, 21, 1_000, 50_000_000, 4_294_967_294, 2 ** 32, 2 ** 53))
      .map(([agent, customer, index]) => ({ 0: agent, [String(index)]: customer })),
  },
);

/** A v1 StatusCallback for one of the calls the sandbox placed (same n: sid, attempt and numbers of one call). */
export function v1Callback(baseMs: number): fc.Arbitrary<Record<string, unknown>> {
  return fc.nat({ max: 10_000 }).chain((n) =>
    fc.record(
      {
        CallSid: fc.oneof(
          { weight: 6, arbitrary: fc.constant(new Ref('callSid', n)) },
          { weight: 1, arbitrary: fc.stringMatching(/^[a-f0-9]{8,32}$/) },
        ),
        EventType: fc.constantFrom('answered', 'terminal'),
        Status: fc.constantFrom('completed', 'busy', 'no-answer', 'failed', 'canceled', 'in-progress'),
        DateCreated: v1Time(baseMs),
        DateUpdated: v1Time(baseMs),
        StartTime: v1Time(baseMs),
        EndTime: v1Time(baseMs),
        From: fc.constant(new Ref('agentPhone', n)),
        To: fc.constant(new Ref('customerPhone', n)),
        Direction: fc.constant('outbound-api'),
        CustomField: fc.oneof(
          { weight: 5, arbitrary: fc.constant(new Ref('attempt', n)) },
          { weight: 1, arbitrary: fc.constant(new Ref('attempt', n + 1)) },
          { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9:-]{1,20}$/) },
        ),
        ConversationDuration: seconds,
        RecordingUrl: fc.constantFrom('', 'https://recordings.example/a.mp3'),
        Legs: legs,
      },
      { requiredKeys: ['CallSid', 'Status'] },
    ),
  );
}

const CCM_CALL_STATUS = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.constantFrom(...CCM_TERMINAL_CALL_STATUSES),
  },
  { weight: 1, arbitrary: fc.constantFrom('in-progress', 'ringing', 'COMPLETED', '', 'mystery') },
);

/** A CCM v2 callback `{ event_details, call_details }` for one of the sandbox's calls. */
export function ccmCallback(baseMs: number): fc.Arbitrary<Record<string, unknown>> {
  const time = fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .integer({ min: -3_600, max: 7_200 })
        .map((s) => new Date(baseMs + s * 1000).toISOString().replace(/\.\d+Z$/, '+00:00')),
    },
    { weight: 1, arbitrary: v1Time(baseMs) },
  );
  return fc.nat({ max: 10_000 }).chain((n) =>
    fc.record({
      event_details: fc.record({
        event_type: fc.oneof(
          { weight: 8, arbitrary: fc.constantFrom('answered', 'terminal') },
          { weight: 1, arbitrary: fc.constantFrom('Terminal', 'ringing') },
        ),
      }),
      call_details: fc.record(
        {
          call_sid: fc.oneof(
            { weight: 6, arbitrary: fc.constant(new Ref('callSid', n)) },
            { weight: 1, arbitrary: fc.stringMatching(/^[a-f0-9]{8,32}$/) },
          ),
          direction: fc.constant('outbound'),
          virtual_number: fc.constant('+918047112233'),
          call_state: fc.constantFrom('active', 'terminal'),
          call_status: CCM_CALL_STATUS,
          assigned_agent_details: fc.record({
            status: LEG_STATUS,
            contact_uri: fc.constant(new Ref('agentPhone', n)),
          }),
          customer_details: fc.record({
            status: LEG_STATUS,
            contact_uri: fc.constant(new Ref('customerPhone', n)),
          }),
          created_time: time,
          updated_time: time,
          start_time: time,
          end_time: time,
          total_talk_time: fc.oneof(fc.nat({ max: 900 }), seconds),
          custom_field: fc.oneof(
            { weight: 5, arbitrary: fc.constant(new Ref('attempt', n)) },
            { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9:-]{1,20}$/) },
          ),
          recordings: fc.oneof(fc.constant(null), fc.constant([{ url: 'https://recordings.example/b.mp3' }])),
        },
        { requiredKeys: ['call_sid'] },
      ),
    }),
  );
}

/** The query Exotel's Connect applet sends: a few inbound CallSids asked about again and again (retries, next agent). */
export function dialWhomQuery(baseMs: number): fc.Arbitrary<Record<string, unknown>> {
  return fc.nat({ max: 10_000 }).chain((n) =>
    fc.record(
      {
        CallSid: fc.oneof(
          { weight: 5, arbitrary: fc.constantFrom('in-1', 'in-2', 'in-3', 'in-4', 'in-5', 'in-6') },
          { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9]{1,30}$/) },
        ),
        CallFrom: fc.oneof(
          { weight: 4, arbitrary: fc.constant(new Ref('customerPhone', n)) },
          { weight: 1, arbitrary: fc.constantFrom('08516043026', '+919812345678', 'anonymous', '') },
        ),
        Callfrom: fc.constant(new Ref('customerPhone', n + 1)),
        From: fc.constant(new Ref('customerPhone', n)),
        CallTo: fc.constant('08047112233'),
        Direction: fc.constantFrom('incoming', 'outbound-dial'),
        CallStatus: fc.constantFrom('ringing', 'in-progress', 'null'),
        CurrentTime: v1Time(baseMs),
        Created: v1Time(baseMs),
        DialCallStatus: fc.constantFrom(
          'completed',
          'busy',
          'no-answer',
          'failed',
          'canceled',
          'null',
          '',
          'no_answer',
          'Cancelled',
        ),
        DialWhomNumber: fc.constant(new Ref('agentPhone', n)),
        DialCallDuration: seconds,
        digits: fc.constantFrom('"1"', '"12#"', '""'),
        EndTime: fc.constant('1970-01-01 05:30:00'),
        CustomField: fc.constantFrom('campaign:x', ''),
      },
      { requiredKeys: ['CallSid'] },
    ),
  );
}

const CALLBACK_ENCODINGS: readonly { encoding: Encoding; weight: number }[] = [
  { encoding: 'json', weight: 6 },
  { encoding: 'urlencoded', weight: 4 },
  { encoding: 'multipart', weight: 4 },
  { encoding: 'no-content-type', weight: 2 },
  { encoding: 'json-odd-type', weight: 1 },
  { encoding: 'json-malformed', weight: 1 },
  { encoding: 'json-gzip', weight: 1 },
  { encoding: 'json-deep', weight: 1 },
  { encoding: 'multipart-broken', weight: 1 },
  { encoding: 'text-plain', weight: 1 },
  { encoding: 'garbage', weight: 1 },
  { encoding: 'none', weight: 1 },
];

const QUERY_ENCODINGS: readonly { encoding: Encoding; weight: number }[] = [
  { encoding: 'none', weight: 12 },
  { encoding: 'json', weight: 1 },
  { encoding: 'garbage', weight: 1 },
];

/** Mostly valid, valid but wrong in one spot, or junk. */
function shaped(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: valid },
    {
      weight: 5,
      arbitrary: fc
        .tuple(valid, fc.nat(), mutation)
        .map(([value, where, change]) => mutate(value, where, change)),
    },
    { weight: 1, arbitrary: junkValue },
  );
}

/** The kind of webhook a route is, by its path. */
export type WebhookKind = 'exotel-status' | 'ccm-status' | 'exotel-dial-whom' | 'ccm-connect' | 'unknown';

export function webhookKind(route: RouteInfo): WebhookKind {
  if (route.path.endsWith('/exotel/status')) return 'exotel-status';
  if (route.path.endsWith('/ccm/status')) return 'ccm-status';
  if (route.path.endsWith('/exotel/dial-whom')) return 'exotel-dial-whom';
  if (route.path.endsWith('/ccm/connect')) return 'ccm-connect';
  return 'unknown';
}

export function webhookCaseArbitrary(route: RouteInfo, baseMs: number): fc.Arbitrary<WebhookCase> {
  const kind = webhookKind(route);
  const value =
    kind === 'exotel-status'
      ? shaped(v1Callback(baseMs))
      : kind === 'ccm-status'
        ? shaped(ccmCallback(baseMs))
        : kind === 'unknown'
          ? junkValue
          : shaped(dialWhomQuery(baseMs));
  const isQuery = route.method === 'GET';
  return fc.record(
    {
      token,
      value,
      encoding: encodingChoice(isQuery ? QUERY_ENCODINGS : CALLBACK_ENCODINGS),
      extraQuery: fc.option(
        fc.oneof(
          junkString.map((text) => `x=${safeEncode(text.slice(0, 2_000))}`),
          fc.constantFrom('token[x]=1', 'CallSid=a&CallSid=b', '%', 'a=%zz'),
        ),
        { freq: 6, nil: undefined },
      ),
    },
    { requiredKeys: ['token', 'value', 'encoding'] },
  );
}

function tokenQuery(use: TokenUse): {
  query: string;
  headers: Record<string, string>;
  unauthenticated: boolean;
} {
  const right = `token=${encodeURIComponent(TEST_WEBHOOK_TOKEN)}`;
  switch (use) {
    case 'right':
      return { query: right, headers: {}, unauthenticated: false };
    case 'missing':
      return { query: '', headers: {}, unauthenticated: true };
    case 'wrong':
      return { query: 'token=wrong-token-0123456789', headers: {}, unauthenticated: true };
    case 'repeated':
      return { query: `token=wrong&${right}`, headers: {}, unauthenticated: true };
    case 'empty':
      return { query: 'token=', headers: {}, unauthenticated: true };
    case 'in-header':
      return {
        query: '',
        headers: { 'x-webhook-token': TEST_WEBHOOK_TOKEN, authorization: `Bearer ${TEST_WEBHOOK_TOKEN}` },
        unauthenticated: true,
      };
    case 'wrong-case':
      return {
        query: `token=${encodeURIComponent(TEST_WEBHOOK_TOKEN.toUpperCase())}`,
        headers: {},
        unauthenticated: true,
      };
    case 'array':
      return {
        query: `token[]=${encodeURIComponent(TEST_WEBHOOK_TOKEN)}`,
        headers: {},
        unauthenticated: true,
      };
  }
}

/** The request on the wire: a callback body in its encoding, or the Dial Whom parameters in the query. */
export function buildWebhookRequest(route: RouteInfo, spec: WebhookCase, world: World): FuzzCaseRequest {
  const auth = tokenQuery(spec.token);
  const value = resolveRefs(world, spec.value);
  const isQuery = route.method === 'GET';
  const parameters = isQuery
    ? flatten(typeof value === 'object' && value !== null ? value : { CallSid: value })
        .slice(0, 200)
        .map(([key, item]) => `${safeEncode(key)}=${safeEncode(item)}`)
        .join('&')
    : '';
  const query = [auth.query, parameters, spec.extraQuery ?? ''].filter((part) => part !== '').join('&');
  const encoded = encode(isQuery ? undefined : value, spec.encoding);
  return {
    group: `webhooks:${webhookKind(route)}`,
    route: `${route.method} ${route.path}`,
    method: route.method,
    path: `${route.path}${query === '' ? '' : `?${query}`}`,
    headers: Object.fromEntries(
      Object.entries({ ...encoded.headers, ...auth.headers }).map(([name, item]) => [name, headerSafe(item)]),
    ),
    ...(encoded.body === undefined ? {} : { body: encoded.body }),
    unauthenticated: auth.unauthenticated,
  };
}
