import type { LegStatus } from '../../../domain/dialing/outcome.mapping.js';
import { toExotelV1Time } from '../shared/kolkata-time.js';
import { toExotelNational } from '../shared/phone-number.js';
import type { LegRecord, SandboxCall } from './sandbox-call.js';

/** A call as v1 shows it in `{"Call": …}` (PROVIDERS.md sections 2 and 6): national numbers, India times. */
export function v1CallView(
  call: SandboxCall,
  accountSid: string,
  withDetails: boolean,
): Record<string, unknown> {
  const ended = call.endedAt !== undefined;
  return {
    Sid: call.callSid,
    ParentCallSid: null,
    DateCreated: toExotelV1Time(call.createdAt),
    DateUpdated: toExotelV1Time(call.updatedAt),
    AccountSid: accountSid,
    To: toExotelNational(call.customerNumber),
    From: toExotelNational(call.agentNumber),
    PhoneNumberSid: toExotelNational(call.callerId),
    Status: call.status,
    StartTime: toExotelV1Time(call.createdAt),
    EndTime: ended ? toExotelV1Time(call.endedAt!) : null,
    Duration: ended ? Math.round((call.endedAt! - call.createdAt) / 1000) : null,
    Price: null,
    Direction: 'outbound-api',
    AnsweredBy: null,
    ForwardedFrom: null,
    CallerName: null,
    Uri: `/v1/Accounts/${accountSid}/Calls/${call.callSid}.json`,
    RecordingUrl: call.recordingUrl ?? null,
    CustomField: call.attemptId ?? null,
    ...(withDetails ? { Details: v1Details(call) } : {}),
  };
}

function v1Details(call: SandboxCall): Record<string, unknown> {
  return {
    ConversationDuration: call.conversationSec ?? 0,
    Leg1Status: v1LegStatus(call.agentLeg.status),
    Leg2Status: v1LegStatus(call.customerLeg.status),
    Legs: [call.agentLeg, call.customerLeg].map((leg, index) => ({
      Leg: {
        Id: index + 1,
        OnCallDuration: onCallSeconds(leg, call.updatedAt),
        Status: v1LegStatus(leg.status),
      },
    })),
  };
}

/** A leg never dialled is empty in v1. */
export function v1LegStatus(status: LegStatus): string {
  return status === 'none' ? '' : status;
}

export function onCallSeconds(leg: LegRecord, now: number): number {
  return leg.answeredAt === undefined ? 0 : Math.round(((leg.endedAt ?? now) - leg.answeredAt) / 1000);
}
