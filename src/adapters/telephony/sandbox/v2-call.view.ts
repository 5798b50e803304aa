import type { LegStatus } from '../../../domain/dialing/outcome.mapping.js';
import { toCcmTime } from '../shared/kolkata-time.js';
import type { CallbackEvent, SandboxCall } from './sandbox-call.js';

/** A call as CCM shows it (PROVIDERS.md section 4): E.164 numbers, ISO times with the India offset. */
export function v2CallView(call: SandboxCall): Record<string, unknown> {
  const ended = call.endedAt !== undefined;
  return {
    call_sid: call.callSid,
    direction: 'outbound',
    virtual_number: call.callerId,
    call_state: call.state,
    call_status: ccmCallStatus(call),
    assigned_agent_details: {
      user_id: call.agentUserId ?? null,
      user_name: null,
      contact_uri: call.agentNumber,
      group_id: null,
      group_name: null,
      status: ccmLegStatus(call.agentLeg.status),
    },
    customer_details: {
      contact_name: null,
      contact_uri: call.customerNumber,
      status: ccmLegStatus(call.customerLeg.status),
    },
    created_time: toCcmTime(call.createdAt),
    updated_time: toCcmTime(call.updatedAt),
    start_time: toCcmTime(call.createdAt),
    end_time: ended ? toCcmTime(call.endedAt!) : null,
    total_duration: ended ? Math.round((call.endedAt! - call.createdAt) / 1000) : null,
    total_talk_time: call.conversationSec ?? 0,
    custom_field: call.attemptId ?? null,
    app_id: null,
    app_name: null,
    digits: null,
    recordings: call.recordingUrl === undefined ? null : [{ url: call.recordingUrl }],
  };
}

/** The CCM callback body: no envelope. */
export function v2CallbackBody(call: SandboxCall, event: CallbackEvent): Record<string, unknown> {
  return { event_details: { event_type: event }, call_details: v2CallView(call) };
}

function ccmCallStatus(call: SandboxCall): string {
  if (call.state === 'active') return call.status;
  switch (call.plannedOutcome) {
    case 'connected':
      return 'completed';
    case 'agent-missed':
      return 'agent_unanswered';
    case 'canceled':
      return 'agent_canceled';
    default:
      return 'customer_unanswered';
  }
}

// CCM documents leg statuses in-progress, completed, failed, busy, no-answer and null
function ccmLegStatus(status: LegStatus): string | null {
  return status === 'none' || status === 'ringing' || status === 'canceled' ? null : status;
}
