import type { CallProgress } from '../../../application/ports/telephony.port.js';
import type { LegStatus } from '../../../domain/dialing/outcome.mapping.js';
import { CallbackParseError } from '../callback-parse.error.js';
import { exotelTimeToIso } from '../shared/kolkata-time.js';
import { normaliseLegStatus } from '../shared/leg-status.js';
import {
  isRecord,
  optionalSeconds,
  optionalText,
  requiredText,
  type PayloadRecord,
} from '../shared/payload-reading.js';
import { CCM_TERMINAL_CALL_STATUSES, ccmLegs, type CcmLegs } from './ccm-call-status.mapping.js';

/**
 * CCM call fields (a callback's `call_details`, or a details answer's `data`) as a CallProgress. `fieldPrefix`
 * names the object in errors. Callbacks are read strictly; a details answer with a status we do not know reads as
 * `unknown`, so the caller asks again rather than deciding on a guess.
 */
export function callProgressFromCcmCall(
  call: PayloadRecord,
  event: CallProgress['event'],
  fieldPrefix: string,
): CallProgress {
  const callSid = requiredText(call, 'call_sid', `${fieldPrefix}.call_sid`);
  const callStatus = optionalText(call, 'call_status');
  const isTerminal = event === 'terminal' || optionalText(call, 'call_state')?.toLowerCase() === 'terminal';
  const agentReported = legStatus(call, 'assigned_agent_details', fieldPrefix);
  const customerReported = legStatus(call, 'customer_details', fieldPrefix);
  const legs =
    ccmLegs(callStatus, agentReported, customerReported) ??
    legsWithoutKnownStatus({
      callStatus,
      isTerminal,
      strict: event !== 'details',
      agentReported,
      customerReported,
      fieldPrefix,
    });
  const attemptId = optionalText(call, 'custom_field');
  const conversationSec = optionalSeconds(call, 'total_talk_time', `${fieldPrefix}.total_talk_time`);
  const recordingUrl = firstRecordingUrl(call['recordings']);
  const at = eventTime(call, fieldPrefix);
  return {
    callSid,
    event,
    ...legs,
    final:
      isTerminal || (callStatus !== undefined && CCM_TERMINAL_CALL_STATUSES.has(callStatus.toLowerCase())),
    ...(attemptId !== undefined ? { attemptId } : {}),
    ...(conversationSec !== undefined ? { conversationSec } : {}),
    ...(recordingUrl !== undefined ? { recordingUrl } : {}),
    ...(at !== undefined ? { at } : {}),
  };
}

interface UnknownStatusContext {
  readonly callStatus: string | undefined;
  readonly isTerminal: boolean;
  readonly strict: boolean;
  readonly agentReported: LegStatus;
  readonly customerReported: LegStatus;
  readonly fieldPrefix: string;
}

// CCM documents only the terminal call statuses: a live call with another (or no) status is read from its legs.
function legsWithoutKnownStatus(context: UnknownStatusContext): CcmLegs {
  const { callStatus, isTerminal, strict, agentReported, customerReported, fieldPrefix } = context;
  if (isTerminal && strict) {
    const problem =
      callStatus === undefined ? 'is missing on a terminal call' : `unknown call status "${callStatus}"`;
    throw new CallbackParseError(`${fieldPrefix}.call_status`, problem);
  }
  const live = !isTerminal && (agentReported === 'in-progress' || customerReported === 'in-progress');
  return {
    overallStatus: live ? 'in-progress' : 'unknown',
    agentLeg: agentReported,
    customerLeg: customerReported,
  };
}

function legStatus(
  call: PayloadRecord,
  party: 'assigned_agent_details' | 'customer_details',
  fieldPrefix: string,
): LegStatus {
  const details = call[party];
  const value = isRecord(details) ? details['status'] : undefined;
  const status = normaliseLegStatus(value);
  if (status === undefined)
    throw new CallbackParseError(
      `${fieldPrefix}.${party}.status`,
      `unknown leg status ${JSON.stringify(value)}`,
    );
  return status;
}

function firstRecordingUrl(recordings: unknown): string | undefined {
  if (!Array.isArray(recordings)) return undefined;
  const first: unknown = recordings[0];
  return isRecord(first) ? optionalText(first, 'url') : undefined;
}

function eventTime(call: PayloadRecord, fieldPrefix: string): string | undefined {
  for (const field of ['updated_time', 'end_time', 'start_time', 'created_time']) {
    const text = optionalText(call, field);
    if (text === undefined) continue;
    const iso = exotelTimeToIso(text);
    if (iso === undefined)
      throw new CallbackParseError(`${fieldPrefix}.${field}`, `is not a time: "${text}"`);
    return iso;
  }
  return undefined;
}
