import type { CallProgress } from '../../../application/ports/telephony.port.js';
import { CallbackParseError } from '../callback-parse.error.js';
import { optionalText, requiredRecord } from '../shared/payload-reading.js';
import { callProgressFromCcmCall } from './ccm-call.mapper.js';

export { CallbackParseError } from '../callback-parse.error.js';

/**
 * A CCM v2 status callback (PROVIDERS.md section 4): `{event_details: {event_type}, call_details: {…}}`.
 * `answered` fires once per leg; the legs tell which one answered.
 */
export function parseCcmV2Callback(body: unknown): CallProgress {
  const record = requiredRecord(body, 'body');
  const eventDetails = requiredRecord(record['event_details'], 'event_details');
  const eventType = optionalText(eventDetails, 'event_type');
  if (eventType === undefined) throw new CallbackParseError('event_details.event_type', 'is missing');
  const event = eventType.toLowerCase();
  if (event !== 'answered' && event !== 'terminal')
    throw new CallbackParseError('event_details.event_type', `unknown event "${eventType}"`);
  return callProgressFromCcmCall(
    requiredRecord(record['call_details'], 'call_details'),
    event,
    'call_details',
  );
}
