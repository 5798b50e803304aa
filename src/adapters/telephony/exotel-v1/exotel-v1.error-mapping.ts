import { TelephonyError } from '../../../application/ports/telephony.port.js';
import {
  blamesCustomerNumber,
  errorClassOfHttpStatus,
  isDndRefusal,
  type ErrorClass,
} from '../shared/http-status.kind.js';
import { maskPhoneNumbers } from '../shared/phone-number.js';
import { isRecord, optionalText } from '../shared/payload-reading.js';

/** A non-2xx v1 answer (`{"RestException": {"Status", "Message", "Code"?}}`, or no JSON at all) as a TelephonyError. */
export function v1TelephonyError(operation: string, httpStatus: number, body: unknown): TelephonyError {
  const exception = isRecord(body) && isRecord(body['RestException']) ? body['RestException'] : {};
  const message = optionalText(exception, 'Message') ?? '';
  const code = providerCode(exception['Code']);
  const { kind, retryable } = errorClassOfV1(httpStatus, message);
  const detail = message === '' ? '' : `: ${maskPhoneNumbers(message)}`;
  return new TelephonyError(kind, `${operation}: HTTP ${httpStatus}${detail}`, retryable, code, httpStatus);
}

export function errorClassOfV1(httpStatus: number, message: string): ErrorClass {
  if (httpStatus === 400) {
    return blamesCustomerNumber(message)
      ? { kind: 'invalid-number', retryable: false }
      : { kind: 'bad-request', retryable: false };
  }
  // DND refusals are one number's problem, not the account's (PROVIDERS.md: a 403 maybe used for them)
  if (httpStatus === 403 && isDndRefusal(message)) return { kind: 'invalid-number', retryable: false };
  return errorClassOfHttpStatus(httpStatus) ?? { kind: 'bad-request', retryable: false };
}

function providerCode(value: unknown): string | number | undefined {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
