import { TelephonyError } from '../../../application/ports/telephony.port.js';
import { blamesCustomerNumber, errorClassOfHttpStatus, type ErrorClass } from '../shared/http-status.kind.js';
import { maskPhoneNumbers } from '../shared/phone-number.js';
import type { CcmEnvelope } from './ccm-envelope.js';

const UNAUTHORIZED: ErrorClass = { kind: 'unauthorized', retryable: false };
const BAD_REQUEST: ErrorClass = { kind: 'bad-request', retryable: false };
// the agent's device is off, busy or unknown: the agent is unavailable, the contact stays untouched
const DEVICE_UNAVAILABLE: ErrorClass = { kind: 'device-unavailable', retryable: true };
const NOT_FOUND: ErrorClass = { kind: 'not-found', retryable: false };
const FORBIDDEN: ErrorClass = { kind: 'forbidden', retryable: false };
const PROVIDER_FAULT: ErrorClass = { kind: 'provider-fault', retryable: true };

/** `error_data.code` values of PROVIDERS.md section 4. */
export const CCM_ERROR_CODES: ReadonlyMap<number, ErrorClass> = new Map([
  [1010, UNAUTHORIZED], // 401 authentication
  [1001, BAD_REQUEST], // 400 account sid missing
  [1002, BAD_REQUEST], // 400 bad recording channels
  [10731, DEVICE_UNAVAILABLE], // 404 user not found
  [10806, DEVICE_UNAVAILABLE], // 404 no device
  [10702, DEVICE_UNAVAILABLE], // 404 no device
  [10703, DEVICE_UNAVAILABLE], // 404 device off
  [1012, DEVICE_UNAVAILABLE], // 409 device unavailable
  [10705, DEVICE_UNAVAILABLE], // 409 device unverified
  [10706, DEVICE_UNAVAILABLE], // 409 (or 404) device busy
  [10716, NOT_FOUND], // 404 virtual number unknown
  [1017, NOT_FOUND], // 404 account unknown
  [1021, NOT_FOUND], // 404 call not found
  [1022, NOT_FOUND],
  [3043, NOT_FOUND],
  [3044, NOT_FOUND],
  [3045, NOT_FOUND],
  [10712, FORBIDDEN], // 405 VoIP not allowed
]);

export const CCM_CALL_NOT_FOUND_CODES: ReadonlySet<number> = new Set([1021, 1022, 3043, 3044, 3045]);

// "500/11xx–4060 internal": read both as the range 1100..4060 and as 11xx plus 4060; codes of the table win.
const INTERNAL_CODES = { from: 1100, to: 4060 };

export function errorClassOfCcm(
  httpStatus: number,
  errorCode: number | undefined,
  message: string,
): ErrorClass {
  if (httpStatus === 429) return { kind: 'rate-limited', retryable: true };
  if (errorCode !== undefined) {
    const known = CCM_ERROR_CODES.get(errorCode);
    if (known) return known;
    if (errorCode >= INTERNAL_CODES.from && errorCode <= INTERNAL_CODES.to) return PROVIDER_FAULT;
  }
  if (httpStatus === 400)
    return blamesCustomerNumber(message) ? { kind: 'invalid-number', retryable: false } : BAD_REQUEST;
  if (httpStatus === 409) return DEVICE_UNAVAILABLE;
  return errorClassOfHttpStatus(httpStatus) ?? BAD_REQUEST;
}

/** A failed CCM answer as a TelephonyError. A 200 whose envelope says failure uses the envelope's http_code. */
export function ccmTelephonyError(
  operation: string,
  httpStatus: number,
  envelope: CcmEnvelope,
): TelephonyError {
  const status = httpStatus >= 400 ? httpStatus : (envelope.httpCode ?? httpStatus);
  const message = envelope.errorMessage ?? '';
  const { kind, retryable } = errorClassOfCcm(status, envelope.errorCode, message);
  const code = envelope.errorCode === undefined ? '' : ` (code ${envelope.errorCode})`;
  const detail = message === '' ? '' : `: ${maskPhoneNumbers(message)}`;
  return new TelephonyError(
    kind,
    `${operation}: HTTP ${status}${code}${detail}`,
    retryable,
    envelope.errorCode,
    status,
  );
}

export function isCallNotFound(httpStatus: number, envelope: CcmEnvelope): boolean {
  if (envelope.errorCode !== undefined) return CCM_CALL_NOT_FOUND_CODES.has(envelope.errorCode);
  return httpStatus === 404 || envelope.httpCode === 404;
}
