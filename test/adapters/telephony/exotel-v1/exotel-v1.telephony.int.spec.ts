import { afterEach, describe, expect, it } from '@jest/globals';
import { decodeCallbackBody } from '../../../../src/adapters/telephony/callback-body.js';
import { parseExotelV1Callback } from '../../../../src/adapters/telephony/exotel-v1/callback.parser.js';
import { ExotelV1Telephony } from '../../../../src/adapters/telephony/exotel-v1/exotel-v1.telephony.js';
import type { V1CallbackFormat } from '../../../../src/adapters/telephony/sandbox/v1-callback.payload.js';
import { ACCOUNT_SID, API_KEY, API_TOKEN, placeCallFor } from '../support/call-fixtures.js';
import type { ReceivedCallback } from '../support/callback.receiver.js';
import { openSandboxFixture, type SandboxFixture } from '../support/sandbox.fixture.js';
import { scriptedProfile } from '../support/test-profiles.js';
import { telephonyContract } from '../telephony.contract.js';

const parseV1 = async (callback: ReceivedCallback) =>
  parseExotelV1Callback(await decodeCallbackBody(callback.contentType, callback.raw));

function v1Adapter(
  baseUrl: string,
  overrides: { apiToken?: string; requestTimeoutMs?: number } = {},
): ExotelV1Telephony {
  return new ExotelV1Telephony({
    baseUrl,
    accountSid: ACCOUNT_SID,
    apiKey: API_KEY,
    apiToken: API_TOKEN,
    ...overrides,
  });
}

telephonyContract('exotel-v1', async (profile) => {
  const fixture = await openSandboxFixture(profile);
  return {
    ...fixture,
    telephony: v1Adapter(fixture.sandbox.baseUrl),
    adapter: (overrides) => v1Adapter(fixture.sandbox.baseUrl, overrides),
    parseCallback: parseV1,
    expectPlaceCallRequest: (request, call) => {
      expect(request.method).toBe('POST');
      expect(request.path).toBe(`/v1/Accounts/${ACCOUNT_SID}/Calls/connect.json`);
      expect(request.contentType).toBe('application/x-www-form-urlencoded');
      expect(request.body).toEqual({
        From: call.agentPhone,
        To: call.customerPhone,
        CallerId: call.callerId,
        CallType: 'trans',
        TimeLimit: String(call.maxDurationSec),
        TimeOut: String(call.ringTimeoutSec),
        Record: 'true',
        RecordingChannels: 'dual',
        CustomField: call.attemptId,
        StatusCallback: call.statusCallbackUrl,
        'StatusCallbackEvents[0]': 'terminal',
        'StatusCallbackEvents[1]': 'answered',
        StatusCallbackContentType: 'application/json',
      });
    },
  };
});

describe('exotel-v1 callbacks in every encoding the provider uses', () => {
  let fixture: SandboxFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  it.each<V1CallbackFormat>(['json', 'multipart', 'urlencoded'])(
    'parses %s callbacks of a connected call',
    async (format) => {
      fixture = await openSandboxFixture(
        scriptedProfile({ agentRingSec: 1, customerRingSec: 3, talkSec: 45 }),
        { v1CallbackFormat: format },
      );
      const telephony = v1Adapter(fixture.sandbox.baseUrl);
      const { callSid } = await telephony.placeCall(
        placeCallFor(fixture.receiver.url, { attemptId: `att-${format}` }),
      );

      fixture.clock.advanceBy(60_000);
      await fixture.sandbox.settled();

      expect(
        fixture.receiver.received.every((callback) =>
          callback.contentType?.startsWith(expectedMediaType[format]),
        ),
      ).toBe(true);
      const events = await Promise.all(fixture.receiver.received.map(parseV1));
      expect(events.map(({ event, agentLeg, customerLeg }) => [event, agentLeg, customerLeg])).toEqual([
        ['answered', 'in-progress', 'none'],
        ['answered', 'in-progress', 'in-progress'],
        ['terminal', 'completed', 'completed'],
      ]);
      expect(events.every((event) => event.callSid === callSid && event.attemptId === `att-${format}`)).toBe(
        true,
      );
      expect(events[2]).toMatchObject({ overallStatus: 'completed', conversationSec: 45, final: true });
    },
  );

  it('reads answered callbacks that carry no CustomField (older consoles send it on terminal only)', async () => {
    fixture = await openSandboxFixture(scriptedProfile({ callbacks: { customFieldOnAnswered: false } }));
    await v1Adapter(fixture.sandbox.baseUrl).placeCall(
      placeCallFor(fixture.receiver.url, { attemptId: 'att-terminal-only' }),
    );

    fixture.clock.advanceBy(60_000);
    await fixture.sandbox.settled();

    const events = await Promise.all(fixture.receiver.received.map(parseV1));
    expect(events.map((event) => event.attemptId)).toEqual([undefined, undefined, 'att-terminal-only']);
  });
});

const expectedMediaType: Record<V1CallbackFormat, string> = {
  json: 'application/json',
  multipart: 'multipart/form-data; boundary=',
  urlencoded: 'application/x-www-form-urlencoded',
};
