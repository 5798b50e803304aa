import { exotelTimeToIso } from '../shared/kolkata-time.js';
import { isSameNumber } from '../shared/phone-number.js';
import type { RecordedRequest, SandboxCall } from './sandbox-call.js';
import type { SandboxContext } from './sandbox.context.js';
import { SandboxRejection, TOO_MANY_REQUESTS } from './sandbox-rejection.js';
import type { ApiDialect, SandboxResponse, SandboxRoute } from './sandbox-route.js';
import { RequestFields } from './request-fields.js';
import type { CallSubscription } from './switchboard.js';
import { v1CallView } from './v1-call.view.js';
import { encodeV1Callback, v1CallbackFields, type V1CallbackFormat } from './v1-callback.payload.js';

const MAX_TIME_LIMIT_SEC = 14_400;
const MAX_RING_TIMEOUT_SEC = 3_600;
const DEFAULT_RING_TIMEOUT_SEC = 30;
const STATUS_CALLBACK_EVENT_KEY = /^StatusCallbackEvents(\[\d+\])?$/;

/** v1 errors: `{"RestException": {"Status", "Message"}}` (no Code: PROVIDERS.md marks it unverified). */
export const v1Dialect: ApiDialect = {
  refusal: (rejection) => ({
    status: rejection.status,
    body: { RestException: { Status: rejection.status, Message: rejection.message } },
  }),
};

/** The v1 API: Connect Two Numbers, Call Details and the bulk call details (PROVIDERS.md sections 2 and 6). */
export function v1Routes(context: SandboxContext): SandboxRoute[] {
  return [
    {
      method: 'POST',
      pattern: /^\/v1\/Accounts\/([^/]+)\/Calls\/connect\.json$/,
      dialect: v1Dialect,
      handle: (request) => connect(context, request),
    },
    {
      method: 'GET',
      pattern: /^\/v1\/Accounts\/([^/]+)\/Calls\.json$/,
      dialect: v1Dialect,
      handle: (request) => search(context, request),
    },
    {
      method: 'GET',
      pattern: /^\/v1\/Accounts\/([^/]+)\/Calls\/([^/]+)\.json$/,
      dialect: v1Dialect,
      handle: (request, [, callSid]) => details(context, request, decodeURIComponent(callSid!)),
    },
  ];
}

function connect(context: SandboxContext, request: RecordedRequest): SandboxResponse {
  if (!request.contentType?.startsWith('application/x-www-form-urlencoded')) {
    throw new SandboxRejection(400, 'expected form fields (application/x-www-form-urlencoded)');
  }
  const form = RequestFields.of(request.body, 'form fields');
  const agentNumber = form.phoneNumber('From');
  const customerNumber = form.phoneNumber('To');
  const callerId = form.phoneNumber(
    'CallerId',
    context.exoPhones,
    new SandboxRejection(400, 'CallerId is not an ExoPhone of this account'),
  );
  form.oneOf('CallType', ['trans', 'promo']);
  form.oneOf('RecordingChannels', ['single', 'dual']);
  const statusCallback = form.url('StatusCallback');
  const events = statusCallbackEvents(request.body as Record<string, unknown>);
  const format = callbackFormat(
    context,
    form.oneOf('StatusCallbackContentType', ['multipart/form-data', 'application/json']),
  );
  const order = {
    api: 'v1' as const,
    request,
    agentNumber,
    customerNumber,
    callerId,
    attemptId: form.customField('CustomField'),
    ringTimeoutSec: form.seconds('TimeOut', MAX_RING_TIMEOUT_SEC, DEFAULT_RING_TIMEOUT_SEC),
    timeLimitSec: form.seconds('TimeLimit', MAX_TIME_LIMIT_SEC, MAX_TIME_LIMIT_SEC),
    record: form.flag('Record'),
    subscriptions:
      statusCallback === undefined
        ? []
        : events.map((event): CallSubscription => ({ event, url: statusCallback })),
    renderCallback: (call: SandboxCall, event: 'answered' | 'terminal') => {
      const withCustomField = event === 'terminal' || context.profile.callbacks.customFieldOnAnswered;
      return encodeV1Callback(
        v1CallbackFields(call, event, withCustomField),
        format,
        `----sandbox-boundary-${context.nextSerial()}`,
      );
    },
  };
  if (context.switchboard.isOverCallRate()) throw TOO_MANY_REQUESTS;
  const call = context.switchboard.place(order);
  // right after creation Exotel answers in-progress (or queued), never an outcome
  return {
    status: 200,
    body: { Call: { ...v1CallView(call, context.accountSid, false), Status: 'in-progress' } },
  };
}

/** Indexed keys (`StatusCallbackEvents[0]=terminal`); a comma-joined value is refused so the mistake shows. */
function statusCallbackEvents(form: Record<string, unknown>): Array<'answered' | 'terminal'> {
  const events: Array<'answered' | 'terminal'> = [];
  for (const [key, value] of Object.entries(form)) {
    if (!STATUS_CALLBACK_EVENT_KEY.test(key)) continue;
    for (const event of Array.isArray(value) ? value : [value]) {
      if (event !== 'answered' && event !== 'terminal') {
        throw new SandboxRejection(400, `${key} must be terminal or answered, got ${JSON.stringify(event)}`);
      }
      events.push(event);
    }
  }
  // with a StatusCallback but no events, Exotel reports the end of the call only
  return events.length === 0 ? ['terminal'] : [...new Set(events)];
}

function callbackFormat(context: SandboxContext, requested: string | undefined): V1CallbackFormat {
  if (context.v1CallbackFormat !== 'as-requested') return context.v1CallbackFormat;
  return requested === 'application/json' ? 'json' : 'multipart';
}

function details(context: SandboxContext, request: RecordedRequest, callSid: string): SandboxResponse {
  const call = context.switchboard.find(callSid);
  if (call === undefined) throw new SandboxRejection(404, 'Call not found');
  return {
    status: 200,
    body: { Call: v1CallView(call, context.accountSid, request.query['details'] === 'true') },
  };
}

/** Filters `To`, `Sid` (comma-separated) and `DateCreated` (`gte:…;lte:…`, India time). */
function search(context: SandboxContext, request: RecordedRequest): SandboxResponse {
  const { To: to, Sid: sids, DateCreated: created } = request.query;
  const window = createdWindow(created);
  const wantedSids = sids === undefined ? undefined : new Set(sids.split(',').map((sid) => sid.trim()));
  const calls = context.switchboard.calls.filter(
    (call) =>
      (to === undefined || isSameNumber(call.customerNumber, to)) &&
      (wantedSids === undefined || wantedSids.has(call.callSid)) &&
      call.createdAt >= window.from &&
      call.createdAt <= window.to,
  );
  return {
    status: 200,
    body: {
      Metadata: {
        Total: calls.length,
        PageSize: calls.length,
        FirstPageUri: null,
        PrevPageUri: null,
        NextPageUri: null,
      },
      Calls: calls.map((call) => v1CallView(call, context.accountSid, false)),
    },
  };
}

function createdWindow(filter: string | undefined): { from: number; to: number } {
  const window = { from: -Infinity, to: Infinity };
  for (const condition of filter?.split(';') ?? []) {
    const match = /^(gte|lte|gt|lt):(.+)$/.exec(condition.trim());
    const iso = match ? exotelTimeToIso(match[2]!.trim()) : undefined;
    if (!match || iso === undefined)
      throw new SandboxRejection(
        400,
        `DateCreated filter "${condition}" is not gte:/lte: yyyy-mm-dd hh:mm:ss`,
      );
    const at = Date.parse(iso);
    if (match[1] === 'gte') window.from = at;
    if (match[1] === 'gt') window.from = at + 1000;
    if (match[1] === 'lte') window.to = at + 999;
    if (match[1] === 'lt') window.to = at - 1;
  }
  return window;
}
