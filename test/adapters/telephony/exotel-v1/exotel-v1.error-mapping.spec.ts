import { describe, expect, it } from '@jest/globals';
import { v1TelephonyError } from '../../../../src/adapters/telephony/exotel-v1/exotel-v1.error-mapping.js';
import type { TelephonyErrorKind } from '../../../../src/application/ports/telephony.port.js';

const restException = (Status: number, Message?: string, Code?: number | string) => ({
  RestException: {
    Status,
    ...(Message !== undefined ? { Message } : {}),
    ...(Code !== undefined ? { Code } : {}),
  },
});

describe('v1 HTTP status and RestException → TelephonyError (PROVIDERS.md sections 1 and 7)', () => {
  const cases: Array<[number, string | undefined, TelephonyErrorKind, boolean]> = [
    [400, 'To is not a valid phone number', 'invalid-number', false],
    [400, "Invalid 'To' number", 'invalid-number', false],
    [400, '+919876543210 is not a valid number', 'invalid-number', false],
    [400, 'From is not a valid phone number', 'bad-request', false],
    [400, 'CallerId is not a valid ExoPhone number', 'bad-request', false],
    [400, 'Unable to process TimeLimit', 'bad-request', false],
    [400, undefined, 'bad-request', false],
    [401, 'Authentication is required', 'unauthorized', false],
    [402, 'Insufficient balance', 'payment-required', false],
    [403, 'Your account is suspended', 'forbidden', false],
    [403, 'Number is registered under DND', 'invalid-number', false],
    [404, 'Not found', 'not-found', false],
    [409, 'Conflict', 'bad-request', false],
    [429, 'Too many requests', 'rate-limited', true],
    [500, 'Internal error', 'provider-fault', true],
    [502, undefined, 'provider-fault', true],
    [503, 'Service unavailable', 'provider-fault', true],
  ];

  it.each(cases)('%s "%s" → %s (retryable: %s)', (status, message, kind, retryable) => {
    const error = v1TelephonyError('placeCall', status, restException(status, message));
    expect(error).toMatchObject({ kind, retryable, httpStatus: status });
  });

  it('keeps the RestException Code when there is one, and tolerates its absence', () => {
    expect(v1TelephonyError('placeCall', 400, restException(400, 'bad', 13223)).providerCode).toBe(13223);
    expect(v1TelephonyError('placeCall', 400, restException(400, 'bad', '13223')).providerCode).toBe('13223');
    expect(v1TelephonyError('placeCall', 400, restException(400, 'bad')).providerCode).toBeUndefined();
  });

  it('maps a body that is not JSON (a gateway page) by its status alone', () => {
    expect(v1TelephonyError('getCall', 504, undefined)).toMatchObject({
      kind: 'provider-fault',
      outcomeUnknown: true,
    });
  });

  it('names the operation and masks a phone number the provider quoted', () => {
    const error = v1TelephonyError(
      'placeCall',
      400,
      restException(400, 'To +919876543210 is not a valid phone number'),
    );
    expect(error.message).toMatch(/^placeCall: HTTP 400: /);
    expect(error.message).not.toContain('9876543210');
    expect(error.message).toContain('*10 is not a valid phone number');
  });
});
