import type { SandboxCall } from '../../../../src/adapters/telephony/sandbox/sandbox-call.js';
import { toExotelV1Time } from '../../../../src/adapters/telephony/shared/kolkata-time.js';
import { toExotelNational } from '../../../../src/adapters/telephony/shared/phone-number.js';

export interface V1Event {
  readonly event: 'answered' | 'terminal';
  /** Overall call status. */
  readonly status: 'in-progress' | 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';
  /** Leg statuses: index 0 = agent, 1 = customer; '' = never dialled. */
  readonly agentLeg: string;
  readonly customerLeg: string;
  readonly conversationSec?: number;
  /** One older console sends CustomField on terminal events only. */
  readonly customField?: boolean;
}

/** A v1 StatusCallback for a call the sandbox placed, as form fields with Exotel's names (Legs flattened). */
export function v1CallbackForm(call: SandboxCall, spec: V1Event, atMs: number): Record<string, string> {
  const terminal = spec.event === 'terminal';
  return {
    CallSid: call.callSid,
    EventType: spec.event,
    Status: spec.status,
    DateCreated: toExotelV1Time(call.createdAt),
    DateUpdated: toExotelV1Time(atMs),
    StartTime: toExotelV1Time(call.createdAt),
    EndTime: terminal ? toExotelV1Time(atMs) : '',
    From: toExotelNational(call.agentNumber),
    To: toExotelNational(call.customerNumber),
    PhoneNumberSid: toExotelNational(call.callerId),
    Direction: 'outbound-api',
    ConversationDuration: String(terminal ? (spec.conversationSec ?? 0) : 0),
    RecordingUrl: '',
    ...(spec.customField === false || call.attemptId === undefined ? {} : { CustomField: call.attemptId }),
    'Legs[0][OnCallDuration]': String(spec.conversationSec ?? 0),
    'Legs[0][Status]': spec.agentLeg,
    'Legs[0][AnsweredBy]': spec.agentLeg === '' ? '' : 'human',
    'Legs[1][OnCallDuration]': String(spec.conversationSec ?? 0),
    'Legs[1][Status]': spec.customerLeg,
    'Legs[1][AnsweredBy]': spec.customerLeg === '' ? '' : 'human',
  };
}

/** The same callback as Exotel's JSON body (StatusCallbackContentType=application/json): Legs as a list. */
export function asJson(form: Record<string, string>): string {
  const legs: Record<string, string>[] = [];
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(form)) {
    const leg = /^Legs\[(\d)\]\[(\w+)\]$/.exec(key);
    if (leg === null) body[key] = value;
    else (legs[Number(leg[1])] ??= {})[leg[2]!] = value;
  }
  return JSON.stringify({ ...body, Legs: legs });
}

export function asMultipart(form: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(form)) data.append(key, value);
  return data;
}

export const agentAnswered: V1Event = {
  event: 'answered',
  status: 'in-progress',
  agentLeg: 'in-progress',
  customerLeg: '',
};
export const customerAnswered: V1Event = {
  event: 'answered',
  status: 'in-progress',
  agentLeg: 'in-progress',
  customerLeg: 'in-progress',
};
export const talkedAndHungUp: V1Event = {
  event: 'terminal',
  status: 'completed',
  agentLeg: 'completed',
  customerLeg: 'completed',
  conversationSec: 42,
};
