import { TelephonyError } from '../../../application/ports/telephony.port.js';

/** Exotel keeps at most 128 characters of CustomField / custom_field: a longer one would be cut, breaking correlation. */
export const MAX_CUSTOM_FIELD_LENGTH = 128;

export function checkedCustomField(attemptId: string): string {
  if (attemptId.length > MAX_CUSTOM_FIELD_LENGTH) {
    throw new TelephonyError(
      'bad-request',
      `attempt id is ${attemptId.length} characters; the provider keeps at most ${MAX_CUSTOM_FIELD_LENGTH}`,
      false,
    );
  }
  return attemptId;
}
