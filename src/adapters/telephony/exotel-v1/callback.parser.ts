import type { CallProgress } from '../../../application/ports/telephony.port.js';
import type { LegStatus, OverallStatus } from '../../../domain/dialing/outcome.mapping.js';
import { CallbackParseError } from '../callback-parse.error.js';
import { exotelTimeToIso, isZeroDate } from '../shared/kolkata-time.js';
import { normaliseLegStatus } from '../shared/leg-status.js';
import {
  optionalSeconds,
  optionalText,
  requiredText,
  type PayloadRecord,
} from '../shared/payload-reading.js';
import { v1Legs } from './v1-legs.js';
import { isFinalV1Status, v1OverallStatus } from './v1-status.js';

export { CallbackParseError } from '../callback-parse.error.js';

type V1Event = 'answered' | 'terminal';

/**
 * A v1 StatusCallback (PROVIDERS.md section 3), already decoded from JSON, urlencoded or multipart into an object.
 * The two `answered` events differ only in their legs: agent answered = agent `in-progress` + customer `none`;
 * customer answered = customer `in-progress`.
 */
export function parseExotelV1Callback(body: Record<string, unknown>): CallProgress {
  const callSid = requiredText(body, 'CallSid');
  const overallStatus = overallStatusOf(body);
  const event = eventOf(body, overallStatus);
  const legs = v1Legs(body);
  const attemptId = optionalText(body, 'CustomField');
  const conversationSec = optionalSeconds(body, 'ConversationDuration');
  const recordingUrl = optionalText(body, 'RecordingUrl');
  const at = eventTime(body, event);
  return {
    callSid,
    event,
    overallStatus,
    agentLeg: legStatus(legs[0], 0),
    customerLeg: legStatus(legs[1], 1),
    final: event === 'terminal',
    ...(attemptId !== undefined ? { attemptId } : {}),
    ...(conversationSec !== undefined ? { conversationSec } : {}),
    ...(recordingUrl !== undefined ? { recordingUrl } : {}),
    ...(at !== undefined ? { at } : {}),
  };
}

function overallStatusOf(body: PayloadRecord): OverallStatus {
  const text = requiredText(body, 'Status');
  const status = v1OverallStatus(text);
  if (status === undefined) throw new CallbackParseError('Status', `unknown call status "${text}"`);
  return status;
}

// Callbacks configured without StatusCallbackEvents carry no EventType: they are terminal ones.
function eventOf(body: PayloadRecord, overallStatus: OverallStatus): V1Event {
  const text = optionalText(body, 'EventType');
  if (text === undefined) {
    if (isFinalV1Status(overallStatus)) return 'terminal';
    if (overallStatus === 'in-progress') return 'answered';
    throw new CallbackParseError('EventType', 'is missing');
  }
  const event = text.toLowerCase();
  if (event !== 'answered' && event !== 'terminal')
    throw new CallbackParseError('EventType', `unknown event "${text}"`);
  return event;
}

function legStatus(leg: PayloadRecord | undefined, index: number): LegStatus {
  const value = leg?.['Status'];
  const status = normaliseLegStatus(value);
  if (status === undefined)
    throw new CallbackParseError(`Legs[${index}][Status]`, `unknown leg status ${JSON.stringify(value)}`);
  return status;
}

function eventTime(body: PayloadRecord, event: V1Event): string | undefined {
  const candidates =
    event === 'terminal'
      ? ['DateUpdated', 'EndTime', 'StartTime', 'DateCreated']
      : ['DateUpdated', 'StartTime', 'DateCreated'];
  for (const field of candidates) {
    const text = optionalText(body, field);
    if (text === undefined || isZeroDate(text)) continue;
    const iso = exotelTimeToIso(text);
    if (iso === undefined) throw new CallbackParseError(field, `is not a time: "${text}"`);
    return iso;
  }
  return undefined;
}
