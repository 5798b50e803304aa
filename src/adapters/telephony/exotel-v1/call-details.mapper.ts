import type { CallProgress } from '../../../application/ports/telephony.port.js';
import type { LegStatus } from '../../../domain/dialing/outcome.mapping.js';
import { exotelTimeToIso, isZeroDate } from '../shared/kolkata-time.js';
import { normaliseLegStatus } from '../shared/leg-status.js';
import { isRecord, optionalText, requiredText, type PayloadRecord } from '../shared/payload-reading.js';
import { isFinalV1Status, v1OverallStatus } from './v1-status.js';

/**
 * One `Call` of a v1 call-details answer (PROVIDERS.md section 6) as a `details` CallProgress. Lenient: a status
 * we do not know reads as `unknown`, so the caller asks again rather than deciding on a guess.
 */
export function callProgressFromV1Call(call: PayloadRecord): CallProgress {
  const overallStatus = v1OverallStatus(optionalText(call, 'Status') ?? '') ?? 'unknown';
  const details = isRecord(call['Details']) ? call['Details'] : {};
  const [agentLeg, customerLeg] = detailLegs(details);
  const attemptId = optionalText(call, 'CustomField');
  const conversationSec = optionalNumber(details, 'ConversationDuration');
  const recordingUrl = optionalText(call, 'RecordingUrl');
  const at = firstTime(call, ['DateUpdated', 'EndTime', 'StartTime', 'DateCreated']);
  return {
    callSid: requiredText(call, 'Sid', 'Call.Sid'),
    event: 'details',
    overallStatus,
    agentLeg,
    customerLeg,
    final: isFinalV1Status(overallStatus),
    ...(attemptId !== undefined ? { attemptId } : {}),
    ...(conversationSec !== undefined ? { conversationSec } : {}),
    ...(recordingUrl !== undefined ? { recordingUrl } : {}),
    ...(at !== undefined ? { at } : {}),
  };
}

/** `Leg1Status`/`Leg2Status` when given, else `Legs` as `[{Status}]` or `[{Leg: {Status}}]`. */
function detailLegs(details: PayloadRecord): [LegStatus, LegStatus] {
  const legs = Array.isArray(details['Legs']) ? details['Legs'].map(legRecord) : [];
  return [
    lenientLegStatus(details['Leg1Status'] ?? legs[0]?.['Status']),
    lenientLegStatus(details['Leg2Status'] ?? legs[1]?.['Status']),
  ];
}

function legRecord(entry: unknown): PayloadRecord {
  if (!isRecord(entry)) return {};
  return isRecord(entry['Leg']) ? entry['Leg'] : entry;
}

function lenientLegStatus(value: unknown): LegStatus {
  return normaliseLegStatus(value) ?? 'none';
}

function optionalNumber(record: PayloadRecord, key: string): number | undefined {
  const text = optionalText(record, key);
  const value = text === undefined ? Number.NaN : Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function firstTime(record: PayloadRecord, fields: readonly string[]): string | undefined {
  for (const field of fields) {
    const text = optionalText(record, field);
    if (text === undefined || isZeroDate(text)) continue;
    const iso = exotelTimeToIso(text);
    if (iso !== undefined) return iso;
  }
  return undefined;
}
