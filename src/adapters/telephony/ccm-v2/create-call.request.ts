import type { PlaceCall } from '../../../application/ports/telephony.port.js';
import { checkedCustomField } from '../shared/custom-field.js';

/** The JSON of `POST /v2/accounts/<sid>/calls` (PROVIDERS.md section 4). */
export function createCallRequest(call: PlaceCall): Record<string, unknown> {
  return {
    from:
      call.agentUserId !== undefined ? { user_id: call.agentUserId } : { user_contact_uri: call.agentPhone },
    to: { customer_contact_uri: call.customerPhone },
    virtual_number: call.callerId,
    recording: call.record,
    recording_channels: call.recordingChannels,
    max_time_limit: call.maxDurationSec,
    attempt_time_out: call.ringTimeoutSec,
    custom_field: checkedCustomField(call.attemptId),
    status_callback: [
      { event: 'answered', url: call.statusCallbackUrl },
      { event: 'terminal', url: call.statusCallbackUrl },
    ],
  };
}
