import { describe, expect, it } from '@jest/globals';
import { readCcmEnvelope } from '../../../../src/adapters/telephony/ccm-v2/ccm-envelope.js';
import {
  CCM_ERROR_CODES,
  ccmTelephonyError,
  isCallNotFound,
} from '../../../../src/adapters/telephony/ccm-v2/ccm-v2.error-mapping.js';
import type { TelephonyErrorKind } from '../../../../src/application/ports/telephony.port.js';

const failure = (httpCode: number, code?: number | string, message = 'refused') => ({
  request_id: 'r-1',
  method: 'POST',
  http_code: httpCode,
  metadata: null,
  response: {
    code: httpCode,
    status: 'failure',
    error_data: { ...(code !== undefined ? { code } : {}), description: message, message },
    data: null,
  },
});

const errorFor = (httpStatus: number, body: unknown) =>
  ccmTelephonyError('placeCall', httpStatus, readCcmEnvelope(body));

describe('CCM error codes → TelephonyError (PROVIDERS.md section 4, every code)', () => {
  const codes: Array<[number, number, TelephonyErrorKind, boolean]> = [
    [401, 1010, 'unauthorized', false],
    [400, 1001, 'bad-request', false],
    [400, 1002, 'bad-request', false],
    [404, 10731, 'device-unavailable', true],
    [404, 10806, 'device-unavailable', true],
    [404, 10702, 'device-unavailable', true],
    [404, 10703, 'device-unavailable', true],
    [409, 1012, 'device-unavailable', true],
    [409, 10705, 'device-unavailable', true],
    [409, 10706, 'device-unavailable', true],
    [404, 10706, 'device-unavailable', true],
    [404, 10716, 'not-found', false],
    [404, 1017, 'not-found', false],
    [404, 1021, 'not-found', false],
    [404, 1022, 'not-found', false],
    [404, 3043, 'not-found', false],
    [404, 3044, 'not-found', false],
    [404, 3045, 'not-found', false],
    [405, 10712, 'forbidden', false],
    [500, 1100, 'provider-fault', true],
    [500, 1150, 'provider-fault', true],
    [500, 2300, 'provider-fault', true],
    [500, 4060, 'provider-fault', true],
  ];

  it.each(codes)('HTTP %s code %s → %s (retryable: %s)', (httpStatus, code, kind, retryable) => {
    expect(errorFor(httpStatus, failure(httpStatus, code))).toMatchObject({
      kind,
      retryable,
      providerCode: code,
      httpStatus,
    });
  });

  it('covers every code of the table', () => {
    const tested = new Set(codes.map(([, code]) => code));
    expect([...CCM_ERROR_CODES.keys()].filter((code) => !tested.has(code))).toEqual([]);
  });

  it('reads a code sent as text', () => {
    expect(errorFor(409, failure(409, '10706'))).toMatchObject({
      kind: 'device-unavailable',
      providerCode: 10706,
    });
  });

  it('429 → rate-limited whatever the code', () => {
    expect(errorFor(429, failure(429))).toMatchObject({ kind: 'rate-limited', retryable: true });
  });

  describe('falls back on the HTTP status for a code it does not know', () => {
    it.each<[number, number | undefined, string, TelephonyErrorKind]>([
      [400, undefined, 'to.customer_contact_uri is not a valid phone number', 'invalid-number'],
      [400, 99999, 'customer number is invalid', 'invalid-number'],
      [400, undefined, 'virtual_number is not a valid number', 'bad-request'],
      [400, undefined, 'max_time_limit must be a number', 'bad-request'],
      [402, undefined, 'low balance', 'payment-required'],
      [403, undefined, 'forbidden', 'forbidden'],
      [404, 77777, 'gone', 'not-found'],
      [409, 77777, 'device state', 'device-unavailable'],
      [503, undefined, 'maintenance', 'provider-fault'],
    ])('HTTP %s code %s "%s" → %s', (httpStatus, code, message, kind) => {
      expect(errorFor(httpStatus, failure(httpStatus, code, message))).toMatchObject({ kind });
    });
  });

  it('a 200 whose envelope says failure uses the envelope http_code', () => {
    expect(errorFor(200, failure(409, 10703))).toMatchObject({ kind: 'device-unavailable', httpStatus: 409 });
  });

  it('a body that is no envelope at all is judged by the HTTP status', () => {
    expect(errorFor(502, undefined)).toMatchObject({
      kind: 'provider-fault',
      outcomeUnknown: true,
      providerCode: undefined,
    });
  });

  it('tells call-not-found codes apart from other 404s', () => {
    for (const code of [1021, 1022, 3043, 3044, 3045])
      expect(isCallNotFound(404, readCcmEnvelope(failure(404, code)))).toBe(true);
    expect(isCallNotFound(404, readCcmEnvelope(failure(404, 1017)))).toBe(false);
    expect(isCallNotFound(404, readCcmEnvelope(failure(404, 10716)))).toBe(false);
    expect(isCallNotFound(404, readCcmEnvelope(undefined))).toBe(true);
  });
});
