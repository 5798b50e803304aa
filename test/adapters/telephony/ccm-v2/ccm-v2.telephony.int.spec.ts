import { afterEach, describe, expect, it } from '@jest/globals';
import { decodeCallbackBody } from '../../../../src/adapters/telephony/callback-body.js';
import { parseCcmV2Callback } from '../../../../src/adapters/telephony/ccm-v2/callback.parser.js';
import { CcmV2Telephony } from '../../../../src/adapters/telephony/ccm-v2/ccm-v2.telephony.js';
import { ExotelV1Telephony } from '../../../../src/adapters/telephony/exotel-v1/exotel-v1.telephony.js';
import { TelephonyError } from '../../../../src/application/ports/telephony.port.js';
import { mapOutcome } from '../../../../src/domain/dialing/outcome.mapping.js';
import {
  ACCOUNT_SID,
  AGENT_PHONE,
  API_KEY,
  API_TOKEN,
  CUSTOMER_PHONE,
  placeCallFor,
  T0,
} from '../support/call-fixtures.js';
import { openSandboxFixture, type SandboxFixture } from '../support/sandbox.fixture.js';
import { scriptedProfile } from '../support/test-profiles.js';
import { telephonyContract } from '../telephony.contract.js';

interface AdapterOverrides {
  apiToken?: string;
  requestTimeoutMs?: number;
  withV1Fallback?: boolean;
}

function ccmAdapter(baseUrl: string, overrides: AdapterOverrides = {}): CcmV2Telephony {
  const credentials = { accountSid: ACCOUNT_SID, apiKey: API_KEY, apiToken: overrides.apiToken ?? API_TOKEN };
  return new CcmV2Telephony({
    baseUrl,
    ...credentials,
    ...(overrides.requestTimeoutMs !== undefined ? { requestTimeoutMs: overrides.requestTimeoutMs } : {}),
    ...(overrides.withV1Fallback === false
      ? {}
      : { v1Fallback: new ExotelV1Telephony({ baseUrl, ...credentials }) }),
  });
}

telephonyContract('ccm-v2', async (profile) => {
  const fixture = await openSandboxFixture(profile);
  return {
    ...fixture,
    telephony: ccmAdapter(fixture.sandbox.baseUrl),
    adapter: (overrides) => ccmAdapter(fixture.sandbox.baseUrl, overrides),
    parseCallback: async (callback) =>
      parseCcmV2Callback(await decodeCallbackBody(callback.contentType, callback.raw)),
    expectPlaceCallRequest: (request, call) => {
      expect(request.method).toBe('POST');
      expect(request.path).toBe(`/v2/accounts/${ACCOUNT_SID}/calls`);
      expect(request.contentType).toBe('application/json');
      expect(request.body).toEqual({
        from: { user_contact_uri: call.agentPhone },
        to: { customer_contact_uri: call.customerPhone },
        virtual_number: call.callerId,
        recording: true,
        recording_channels: 'dual',
        max_time_limit: call.maxDurationSec,
        attempt_time_out: call.ringTimeoutSec,
        custom_field: call.attemptId,
        status_callback: [
          { event: 'answered', url: call.statusCallbackUrl },
          { event: 'terminal', url: call.statusCallbackUrl },
        ],
      });
    },
  };
});

describe('ccm-v2 agent context', () => {
  let fixture: SandboxFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  it('addresses the agent by Exotel user id when the attempt names one', async () => {
    fixture = await openSandboxFixture(scriptedProfile(), { ccmUsers: { 'user-7': AGENT_PHONE } });
    await ccmAdapter(fixture.sandbox.baseUrl).placeCall(
      placeCallFor(fixture.receiver.url, { agentUserId: 'user-7' }),
    );

    expect(fixture.sandbox.calls[0]!.request.body).toMatchObject({ from: { user_id: 'user-7' } });
    expect(fixture.sandbox.calls[0]!.agentNumber).toBe(AGENT_PHONE);
  });

  it('an agent whose device is on another call → device-unavailable (code 10706), nothing placed', async () => {
    fixture = await openSandboxFixture(scriptedProfile());
    const telephony = ccmAdapter(fixture.sandbox.baseUrl);
    await telephony.placeCall(placeCallFor(fixture.receiver.url));

    const error = await telephony
      .placeCall(placeCallFor(fixture.receiver.url, { customerPhone: '+919900112233' }))
      .catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(TelephonyError);
    expect(error).toMatchObject({
      kind: 'device-unavailable',
      providerCode: 10706,
      httpStatus: 409,
      retryable: true,
    });
    expect(fixture.sandbox.calls).toHaveLength(1);
  });

  it('an unknown user id → device-unavailable (code 10731)', async () => {
    fixture = await openSandboxFixture(scriptedProfile());
    const error = await ccmAdapter(fixture.sandbox.baseUrl)
      .placeCall(placeCallFor(fixture.receiver.url, { agentUserId: 'nobody' }))
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ kind: 'device-unavailable', providerCode: 10731, httpStatus: 404 });
  });

  it('a virtual number the account does not own → not-found (code 10716)', async () => {
    fixture = await openSandboxFixture(scriptedProfile(), { exoPhones: ['+918047000000'] });
    const error = await ccmAdapter(fixture.sandbox.baseUrl)
      .placeCall(placeCallFor(fixture.receiver.url))
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ kind: 'not-found', providerCode: 10716, retryable: false });
  });

  it('a canceled call (the agent hung up while the customer rang) reads as canceled, not counted', async () => {
    fixture = await openSandboxFixture(scriptedProfile({ customer: 'canceled', customerRingSec: 6 }));
    await ccmAdapter(fixture.sandbox.baseUrl).placeCall(placeCallFor(fixture.receiver.url));

    fixture.clock.advanceBy(60_000);
    await fixture.sandbox.settled();

    const terminal = parseCcmV2Callback(JSON.parse(fixture.receiver.received.at(-1)!.raw.toString('utf8')));
    expect(terminal).toMatchObject({
      event: 'terminal',
      agentLeg: 'completed',
      customerLeg: 'canceled',
      overallStatus: 'canceled',
    });
    expect(mapOutcome(terminal)).toEqual({ kind: 'outcome', outcome: 'canceled', counts: false });
  });

  it('without a v1 fallback, findCalls says call search is not available', async () => {
    fixture = await openSandboxFixture(scriptedProfile());
    const error = await ccmAdapter(fixture.sandbox.baseUrl, { withV1Fallback: false })
      .findCalls({ customerPhone: CUSTOMER_PHONE, since: new Date(T0).toISOString() })
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({
      kind: 'not-found',
      retryable: false,
      message: 'call search is not available on CCM v2',
    });
  });
});
