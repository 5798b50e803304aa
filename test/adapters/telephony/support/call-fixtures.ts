import type { PlaceCall } from '../../../../src/application/ports/telephony.port.js';

export const ACCOUNT_SID = 'dialer-test-account';
export const API_KEY = 'key-5f3a9c';
export const API_TOKEN = 'token-s3cr3t-7d1e';
export const CALLER_ID = '+918047112233';
export const AGENT_PHONE = '+919812345678';
export const CUSTOMER_PHONE = '+919876543210';
/** 2025-01-06 10:00:00 in India. */
export const T0 = Date.UTC(2025, 0, 6, 4, 30, 0);

export function placeCallFor(statusCallbackUrl: string, overrides: Partial<PlaceCall> = {}): PlaceCall {
  return {
    attemptId: 'att-0001',
    agentPhone: AGENT_PHONE,
    customerPhone: CUSTOMER_PHONE,
    callerId: CALLER_ID,
    ringTimeoutSec: 20,
    maxDurationSec: 3600,
    record: true,
    recordingChannels: 'dual',
    statusCallbackUrl,
    ...overrides,
  };
}
