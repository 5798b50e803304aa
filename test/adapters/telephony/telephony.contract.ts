import { afterEach, describe, expect, it } from '@jest/globals';
import type { Sandbox } from '../../../src/adapters/telephony/sandbox/sandbox.js';
import type { RecordedRequest } from '../../../src/adapters/telephony/sandbox/sandbox-call.js';
import type { SandboxProfile } from '../../../src/adapters/telephony/sandbox/sandbox.profile.js';
import {
  TelephonyError,
  type CallProgress,
  type PlaceCall,
  type Telephony,
} from '../../../src/application/ports/telephony.port.js';
import { mapOutcome } from '../../../src/domain/dialing/outcome.mapping.js';
import type { CallbackReceiver, ReceivedCallback } from './support/callback.receiver.js';
import { API_KEY, API_TOKEN, CUSTOMER_PHONE, placeCallFor, T0 } from './support/call-fixtures.js';
import type { ManualClock } from './support/manual.clock.js';
import { scriptedProfile } from './support/test-profiles.js';

export interface ContractFixture {
  readonly telephony: Telephony;
  readonly sandbox: Sandbox;
  readonly clock: ManualClock;
  readonly receiver: CallbackReceiver;
  /** An adapter on the same sandbox with other settings. */
  adapter(overrides: { apiToken?: string; requestTimeoutMs?: number }): Telephony;
  /** Reads a received callback with the adapter's own decoder and parser. */
  parseCallback(callback: ReceivedCallback): Promise<CallProgress>;
  /** Checks the recorded placeCall request against PROVIDERS.md field by field. */
  expectPlaceCallRequest(request: RecordedRequest, call: PlaceCall): void;
  close(): Promise<void>;
}

export type ContractSetup = (profile: SandboxProfile) => Promise<ContractFixture>;

/** What every Telephony adapter must do, checked against the sandbox over real HTTP. */
export function telephonyContract(name: string, setup: ContractSetup): void {
  describe(`${name} honours the Telephony contract`, () => {
    let fixture: ContractFixture | undefined;
    const open = async (profile: SandboxProfile = scriptedProfile()): Promise<ContractFixture> =>
      (fixture = await setup(profile));
    afterEach(async () => {
      await fixture?.close();
      fixture = undefined;
    });

    async function nextCallback(f: ContractFixture, advanceMs: number): Promise<CallProgress> {
      const before = f.receiver.received.length;
      f.clock.advanceBy(advanceMs);
      await f.sandbox.settled();
      expect(f.receiver.received).toHaveLength(before + 1);
      return f.parseCallback(f.receiver.received[before]!);
    }

    it('places a call with the documented request and answers its call sid', async () => {
      const f = await open();
      const call = placeCallFor(f.receiver.url);

      const { callSid } = await f.telephony.placeCall(call);

      expect(f.sandbox.calls.map((placed) => placed.callSid)).toEqual([callSid]);
      const { request } = f.sandbox.calls[0]!;
      expect(request.hasAuthorization).toBe(true);
      expect(request.authorizationScheme).toBe('Basic');
      expect(JSON.stringify(request)).not.toContain(API_TOKEN);
      expect(JSON.stringify(request)).not.toContain(API_KEY);
      f.expectPlaceCallRequest(request, call);
    });

    it('reports the agent answering, then the customer answering, then a connected end', async () => {
      const f = await open(scriptedProfile({ agentRingSec: 2, customerRingSec: 5, talkSec: 30 }));
      const { callSid } = await f.telephony.placeCall(
        placeCallFor(f.receiver.url, { attemptId: 'att-connected' }),
      );

      const agentAnswered = await nextCallback(f, 2_000);
      expect(agentAnswered).toMatchObject({
        callSid,
        event: 'answered',
        agentLeg: 'in-progress',
        customerLeg: 'none',
        final: false,
      });
      expect(agentAnswered.at).toBe(new Date(T0 + 2_000).toISOString());

      const customerAnswered = await nextCallback(f, 5_000);
      expect(customerAnswered).toMatchObject({
        callSid,
        event: 'answered',
        agentLeg: 'in-progress',
        customerLeg: 'in-progress',
      });

      const terminal = await nextCallback(f, 30_000);
      expect(terminal).toMatchObject({
        callSid,
        event: 'terminal',
        final: true,
        attemptId: 'att-connected',
        conversationSec: 30,
      });
      expect(terminal.at).toBe(new Date(T0 + 37_000).toISOString());
      expect(terminal.recordingUrl).toEqual(expect.any(String));
      expect(mapOutcome(terminal)).toEqual({ kind: 'outcome', outcome: 'connected', counts: true });
    });

    it('ends with busy when the customer is busy', async () => {
      const f = await open(scriptedProfile({ customer: 'busy', customerRingSec: 4 }));
      await f.telephony.placeCall(placeCallFor(f.receiver.url));

      await nextCallback(f, 2_000);
      const terminal = await nextCallback(f, 4_000);

      expect(terminal).toMatchObject({
        event: 'terminal',
        agentLeg: 'completed',
        customerLeg: 'busy',
        final: true,
      });
      expect(mapOutcome(terminal)).toEqual({ kind: 'outcome', outcome: 'busy', counts: true });
    });

    it('ends as agent-missed, the customer never dialled, when the agent does not answer', async () => {
      const f = await open(scriptedProfile({ agent: 'noAnswer' }));
      await f.telephony.placeCall(placeCallFor(f.receiver.url, { ringTimeoutSec: 25 }));

      const terminal = await nextCallback(f, 25_000);

      expect(terminal).toMatchObject({ event: 'terminal', agentLeg: 'no-answer', customerLeg: 'none' });
      expect(mapOutcome(terminal)).toEqual({ kind: 'outcome', outcome: 'agent-missed', counts: false });
    });

    it('looks up a known call, live and then ended, and answers undefined for an unknown one', async () => {
      const f = await open(scriptedProfile({ customer: 'noAnswer' }));
      const { callSid } = await f.telephony.placeCall(
        placeCallFor(f.receiver.url, { attemptId: 'att-lookup' }),
      );

      const ringing = await f.telephony.getCall(callSid);
      expect(ringing).toMatchObject({ callSid, event: 'details', final: false });
      expect(mapOutcome(ringing!)).toEqual({ kind: 'in-progress' });

      f.clock.advanceBy(60_000);
      const ended = await f.telephony.getCall(callSid);
      expect(ended).toMatchObject({
        callSid,
        event: 'details',
        final: true,
        agentLeg: 'completed',
        customerLeg: 'no-answer',
      });
      expect(mapOutcome(ended!)).toEqual({ kind: 'outcome', outcome: 'no-answer', counts: true });

      expect(await f.telephony.getCall('0123456789abcdef0123456789abcdef')).toBeUndefined();
    });

    it('finds the calls placed to a number since a time', async () => {
      const f = await open();
      const { callSid } = await f.telephony.placeCall(placeCallFor(f.receiver.url));
      await f.telephony.placeCall(
        placeCallFor(f.receiver.url, { agentPhone: '+919812300000', customerPhone: '+919900112233' }),
      );

      const found = await f.telephony.findCalls({
        customerPhone: CUSTOMER_PHONE,
        since: new Date(T0 - 60_000).toISOString(),
      });
      expect(found.map((call) => call.callSid)).toEqual([callSid]);

      const later = await f.telephony.findCalls({
        customerPhone: CUSTOMER_PHONE,
        since: new Date(T0 + 60_000).toISOString(),
      });
      expect(later).toEqual([]);
    });

    describe('maps refusals and failures to TelephonyError kinds', () => {
      async function placeError(telephony: Telephony, call: PlaceCall): Promise<TelephonyError> {
        const error = await telephony.placeCall(call).then(
          () => undefined,
          (thrown: unknown) => thrown,
        );
        expect(error).toBeInstanceOf(TelephonyError);
        return error as TelephonyError;
      }

      it('wrong credentials → unauthorized, without the credentials in the message', async () => {
        const f = await open();
        const error = await placeError(
          f.adapter({ apiToken: 'not-the-token' }),
          placeCallFor(f.receiver.url),
        );
        expect(error).toMatchObject({ kind: 'unauthorized', httpStatus: 401, retryable: false });
        expect(error.message).not.toContain('not-the-token');
        expect(f.sandbox.calls).toHaveLength(0);
      });

      it('a customer number that is no number → invalid-number', async () => {
        const f = await open();
        const error = await placeError(
          f.telephony,
          placeCallFor(f.receiver.url, { customerPhone: '+91123' }),
        );
        expect(error).toMatchObject({ kind: 'invalid-number', httpStatus: 400, retryable: false });
      });

      it('429 → rate-limited, worth retrying', async () => {
        const f = await open();
        f.sandbox.setFaults({ rateLimit: 1 });
        const error = await placeError(f.telephony, placeCallFor(f.receiver.url));
        expect(error).toMatchObject({ kind: 'rate-limited', httpStatus: 429, retryable: true });
      });

      it('5xx → provider-fault, outcome unknown', async () => {
        const f = await open();
        f.sandbox.setFaults({ serverError: 1 });
        const error = await placeError(f.telephony, placeCallFor(f.receiver.url));
        expect(error).toMatchObject({ kind: 'provider-fault', retryable: true, outcomeUnknown: true });
        expect(error.httpStatus).toBeGreaterThanOrEqual(500);
      });

      it('an answer slower than the request timeout → timeout, outcome unknown (the call exists)', async () => {
        const f = await open();
        f.sandbox.setFaults({ slowMs: 1_000 });
        const error = await placeError(f.adapter({ requestTimeoutMs: 150 }), placeCallFor(f.receiver.url));
        expect(error).toMatchObject({ kind: 'timeout', outcomeUnknown: true });
        expect(f.sandbox.calls).toHaveLength(1);
      });

      it('a reset connection → network, outcome unknown', async () => {
        const f = await open();
        f.sandbox.setFaults({ reset: 1 });
        const error = await placeError(f.telephony, placeCallFor(f.receiver.url));
        expect(error).toMatchObject({ kind: 'network', outcomeUnknown: true });
      });
    });
  });
}
