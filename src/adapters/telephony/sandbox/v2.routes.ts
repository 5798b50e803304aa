import type { LiveCall, RecordedRequest, SandboxCall } from './sandbox-call.js';
import type { SandboxContext } from './sandbox.context.js';
import { SandboxRejection, TOO_MANY_REQUESTS } from './sandbox-rejection.js';
import type { ApiDialect, SandboxResponse, SandboxRoute } from './sandbox-route.js';
import { checkedUrl, RequestFields } from './request-fields.js';
import type { CallSubscription } from './switchboard.js';
import { ccmEnvelope } from './v2-envelope.js';
import { v2CallbackBody, v2CallView } from './v2-call.view.js';

const MAX_TIME_LIMIT_SEC = 14_400;
const MAX_RING_TIMEOUT_SEC = 3_600;
const DEFAULT_RING_TIMEOUT_SEC = 30;

const USER_NOT_FOUND = new SandboxRejection(404, 'User not found', 10731);
const VIRTUAL_NUMBER_UNKNOWN = new SandboxRejection(404, 'Virtual number not found', 10716);
const BAD_RECORDING_CHANNELS = new SandboxRejection(400, 'recording_channels must be single or dual', 1002);
const DEVICE_BUSY = new SandboxRejection(409, 'The user device is busy', 10706);
const CALL_NOT_FOUND = new SandboxRejection(404, 'Call not found', 1021);

/** CCM v2 agent-context calls: the call is refused when the agent's device is busy. */
export function v2Routes(context: SandboxContext): SandboxRoute[] {
  const dialect: ApiDialect = {
    refusal: (rejection, request) => ({
      status: rejection.status,
      body: ccmEnvelope(context, request, rejection.status, { error: rejection }),
    }),
  };
  const ok = (request: RecordedRequest, data: unknown): SandboxResponse => ({
    status: 200,
    body: ccmEnvelope(context, request, 200, { data }),
  });
  return [
    {
      method: 'POST',
      pattern: /^\/v2\/accounts\/([^/]+)\/calls$/,
      dialect,
      handle: (request) => ok(request, v2CallView(create(context, request))),
    },
    {
      method: 'GET',
      pattern: /^\/v2\/accounts\/([^/]+)\/calls\/([^/]+)$/,
      dialect,
      handle: (request, [, callSid]) => {
        const call = context.switchboard.find(decodeURIComponent(callSid!));
        if (call === undefined) throw CALL_NOT_FOUND;
        return ok(request, v2CallView(call));
      },
    },
  ];
}

function create(context: SandboxContext, request: RecordedRequest): LiveCall {
  const body = RequestFields.of(request.body, 'JSON object');
  const from = body.nested('from');
  if (from === undefined) throw new SandboxRejection(400, 'from is required');
  const { agentNumber, agentUserId } = agentOf(context, from);
  const customerNumber = required(body.nested('to'), 'to').phoneNumber('customer_contact_uri');
  const callerId = body.phoneNumber('virtual_number', context.exoPhones, VIRTUAL_NUMBER_UNKNOWN);
  body.oneOf('recording_channels', ['single', 'dual'], BAD_RECORDING_CHANNELS);
  const order = {
    api: 'v2' as const,
    request,
    agentNumber,
    ...(agentUserId !== undefined ? { agentUserId } : {}),
    customerNumber,
    callerId,
    attemptId: body.text('custom_field'),
    ringTimeoutSec: body.seconds('attempt_time_out', MAX_RING_TIMEOUT_SEC, DEFAULT_RING_TIMEOUT_SEC),
    timeLimitSec: body.seconds('max_time_limit', MAX_TIME_LIMIT_SEC, MAX_TIME_LIMIT_SEC),
    record: body.flag('recording'),
    subscriptions: statusCallbacks(body.raw('status_callback')),
    renderCallback: (call: SandboxCall, event: 'answered' | 'terminal') => ({
      contentType: 'application/json',
      body: Buffer.from(JSON.stringify(v2CallbackBody(call, event))),
    }),
  };
  // CCM knows its users: it will not ring an agent whose device is on another call
  if (context.switchboard.isAgentOnCall(agentNumber)) throw DEVICE_BUSY;
  if (context.switchboard.isOverCallRate()) throw TOO_MANY_REQUESTS;
  return context.switchboard.place(order);
}

function agentOf(
  context: SandboxContext,
  from: RequestFields,
): { agentNumber: string; agentUserId?: string } {
  const userId = from.text('user_id');
  if (userId === undefined) return { agentNumber: from.phoneNumber('user_contact_uri') };
  const agentNumber = context.ccmUsers[userId];
  if (agentNumber === undefined) throw USER_NOT_FOUND;
  return { agentNumber, agentUserId: userId };
}

function required(fields: RequestFields | undefined, name: string): RequestFields {
  if (fields === undefined) throw new SandboxRejection(400, `${name} is required`);
  return fields;
}

function statusCallbacks(value: unknown): CallSubscription[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw new SandboxRejection(400, 'status_callback must be a list of {event, url}');
  return value.map((entry: unknown, index) => {
    const fields = RequestFields.of(entry, `status_callback[${index}]`);
    const event = fields.oneOf('event', ['answered', 'terminal']);
    const url = checkedUrl(fields.text('url'), `status_callback[${index}].url`);
    if (event === undefined || url === undefined)
      throw new SandboxRejection(400, `status_callback[${index}] needs an event and a url`);
    return { event, url };
  });
}
