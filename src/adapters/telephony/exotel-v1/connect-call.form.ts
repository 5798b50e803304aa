import type { PlaceCall } from '../../../application/ports/telephony.port.js';
import { checkedCustomField } from '../shared/custom-field.js';

/** The form of `POST …/Calls/connect.json` (PROVIDERS.md section 2): agent first (From), then the customer (To). */
export function connectCallForm(call: PlaceCall): URLSearchParams {
  return new URLSearchParams([
    ['From', call.agentPhone],
    ['To', call.customerPhone],
    ['CallerId', call.callerId],
    ['CallType', 'trans'],
    ['TimeLimit', String(call.maxDurationSec)],
    ['TimeOut', String(call.ringTimeoutSec)],
    ['Record', String(call.record)],
    ['RecordingChannels', call.recordingChannels],
    ['CustomField', checkedCustomField(call.attemptId)],
    ['StatusCallback', call.statusCallbackUrl],
    // indexed keys: an array would go out as one comma-joined value, which Exotel does not read
    ['StatusCallbackEvents[0]', 'terminal'],
    ['StatusCallbackEvents[1]', 'answered'],
    ['StatusCallbackContentType', 'application/json'],
  ]);
}
