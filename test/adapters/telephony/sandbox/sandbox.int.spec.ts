import { afterEach, describe, expect, it } from '@jest/globals';
import { request } from 'undici';
import { decodeCallbackBody } from '../../../../src/adapters/telephony/callback-body.js';
import { parseExotelV1Callback } from '../../../../src/adapters/telephony/exotel-v1/callback.parser.js';
import { ExotelV1Telephony } from '../../../../src/adapters/telephony/exotel-v1/exotel-v1.telephony.js';
import { findAgentOverlaps } from '../../../../src/adapters/telephony/sandbox/agent-overlap.js';
import { startSandbox, type Sandbox } from '../../../../src/adapters/telephony/sandbox/sandbox.js';
import {
  DEFAULT_PROFILE,
  type SandboxProfile,
} from '../../../../src/adapters/telephony/sandbox/sandbox.profile.js';
import { mapOutcome } from '../../../../src/domain/dialing/outcome.mapping.js';
import { ACCOUNT_SID, API_KEY, API_TOKEN, placeCallFor, T0 } from '../support/call-fixtures.js';
import { startCallbackReceiver, type ReceivedCallback } from '../support/callback.receiver.js';
import { openSandboxFixture, type SandboxFixture } from '../support/sandbox.fixture.js';
import { scriptedProfile } from '../support/test-profiles.js';

const parseV1 = async (callback: ReceivedCallback) =>
  parseExotelV1Callback(await decodeCallbackBody(callback.contentType, callback.raw));
const basicAuth = `Basic ${Buffer.from(`${API_KEY}:${API_TOKEN}`).toString('base64')}`;
const agentPhone = (index: number) => `+9198123${String(index).padStart(5, '0')}`;
const customerPhone = (index: number) => `+9198765${String(index).padStart(5, '0')}`;

describe('sandbox', () => {
  const opened: SandboxFixture[] = [];
  const open = async (profile: SandboxProfile, options: Parameters<typeof openSandboxFixture>[1] = {}) => {
    const fixture = await openSandboxFixture(profile, options);
    opened.push(fixture);
    return fixture;
  };
  const v1 = (sandbox: Sandbox) =>
    new ExotelV1Telephony({
      baseUrl: sandbox.baseUrl,
      accountSid: ACCOUNT_SID,
      apiKey: API_KEY,
      apiToken: API_TOKEN,
    });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((fixture) => fixture.close()));
  });

  /** Places `count` calls with distinct agents, then plays them all out. */
  async function playDay(fixture: SandboxFixture, count: number) {
    const telephony = v1(fixture.sandbox);
    for (let index = 0; index < count; index += 1) {
      await telephony.placeCall(
        placeCallFor(fixture.receiver.url, {
          attemptId: `att-${index}`,
          agentPhone: agentPhone(index),
          customerPhone: customerPhone(index),
        }),
      );
    }
    fixture.clock.advanceBy(3 * 3600_000);
    await fixture.sandbox.settled();
  }

  describe('determinism', () => {
    it('the same seed gives the same outcomes, times and callbacks in the same order', async () => {
      const runs = await Promise.all([
        open(DEFAULT_PROFILE, { seed: 7 }),
        open(DEFAULT_PROFILE, { seed: 7 }),
        open(DEFAULT_PROFILE, { seed: 8 }),
      ]);
      for (const run of runs) await playDay(run, 40);

      const summary = ({ sandbox }: SandboxFixture) =>
        sandbox.calls.map((call) => [
          call.callSid,
          call.plannedOutcome,
          call.endedAt,
          call.conversationSec,
          call.callbacks.map((callback) => [callback.event, callback.firedAt]),
        ]);
      expect(summary(runs[1]!)).toEqual(summary(runs[0]!));
      expect(runs[2]!.sandbox.calls.map((call) => call.plannedOutcome)).not.toEqual(
        runs[0]!.sandbox.calls.map((call) => call.plannedOutcome),
      );
      expect(new Set(runs[0]!.sandbox.calls.map((call) => call.plannedOutcome)).size).toBeGreaterThan(2);
    });

    it('every terminal callback maps to the outcome the sandbox drew', async () => {
      const fixture = await open(
        { ...DEFAULT_PROFILE, callbacks: { ...DEFAULT_PROFILE.callbacks, duplicate: 0, lost: 0 } },
        { seed: 3 },
      );
      await playDay(fixture, 40);

      const terminals = (await Promise.all(fixture.receiver.received.map(parseV1))).filter(
        (progress) => progress.event === 'terminal',
      );
      expect(terminals).toHaveLength(40);
      for (const terminal of terminals) {
        const drawn = fixture.sandbox.call(terminal.callSid)!.plannedOutcome;
        expect(mapOutcome(terminal)).toMatchObject({ kind: 'outcome', outcome: drawn });
      }
      expect(fixture.sandbox.stats()).toMatchObject({ callsPlaced: 40, activeCalls: 0 });
    });
  });

  it('a profile where every customer is busy gives busy terminal callbacks', async () => {
    const fixture = await open(scriptedProfile({ customer: 'busy' }));
    await playDay(fixture, 5);

    const terminals = (await Promise.all(fixture.receiver.received.map(parseV1))).filter(
      (progress) => progress.event === 'terminal',
    );
    expect(terminals).toHaveLength(5);
    expect(
      terminals.every((progress) => progress.overallStatus === 'busy' && progress.customerLeg === 'busy'),
    ).toBe(true);
    expect(terminals.map((progress) => mapOutcome(progress))).toEqual(
      Array(5).fill({ kind: 'outcome', outcome: 'busy', counts: true }),
    );
    expect(fixture.sandbox.stats().outcomes).toMatchObject({ busy: 5, connected: 0 });
  });

  describe('callback faults', () => {
    it('duplicate: every callback arrives twice', async () => {
      const fixture = await open(scriptedProfile({ callbacks: { duplicate: 1 } }));
      await playDay(fixture, 1);

      const events = (await Promise.all(fixture.receiver.received.map(parseV1))).map(
        (progress) => `${progress.event}:${progress.customerLeg}`,
      );
      expect(events.sort()).toEqual([
        'answered:in-progress',
        'answered:in-progress',
        'answered:none',
        'answered:none',
        'terminal:completed',
        'terminal:completed',
      ]);
      expect(fixture.sandbox.stats().callbacks).toMatchObject({ fired: 3, duplicated: 3, delivered: 6 });
    });

    it('lost: no callback arrives, yet the call details know how the call ended', async () => {
      const fixture = await open(scriptedProfile({ callbacks: { lost: 1 } }));
      await playDay(fixture, 1);

      expect(fixture.receiver.received).toEqual([]);
      expect(fixture.sandbox.stats().callbacks).toMatchObject({ fired: 3, lost: 3, delivered: 0 });
      const details = await v1(fixture.sandbox).getCall(fixture.sandbox.calls[0]!.callSid);
      expect(details).toMatchObject({
        final: true,
        overallStatus: 'completed',
        agentLeg: 'completed',
        customerLeg: 'completed',
      });
    });

    it('late: a callback arrives after its delay, behind later events', async () => {
      const fixture = await open(
        scriptedProfile({
          agentRingSec: 2,
          customerRingSec: 5,
          talkSec: 30,
          callbacks: { late: 1, lateDelay: { kind: 'fixed', seconds: 60 } },
        }),
      );
      await v1(fixture.sandbox).placeCall(placeCallFor(fixture.receiver.url));

      fixture.clock.advanceBy(61_000);
      await fixture.sandbox.settled();
      expect(fixture.receiver.received).toHaveLength(0);

      fixture.clock.advanceBy(60_000);
      await fixture.sandbox.settled();
      const events = await Promise.all(fixture.receiver.received.map(parseV1));
      expect(events.map((progress) => progress.event)).toEqual(['answered', 'answered', 'terminal']);
      expect(events[0]!.at).toBe(new Date(T0 + 2_000).toISOString());
    });

    it('a receiver that keeps failing gets the callback three times in all, then the sandbox gives up', async () => {
      const fixture = await open(scriptedProfile({ agent: 'busy' }));
      fixture.receiver.answerWith(500);
      await v1(fixture.sandbox).placeCall(placeCallFor(fixture.receiver.url));

      for (const step of [2_000, 5_000, 30_000]) {
        fixture.clock.advanceBy(step);
        await fixture.sandbox.settled();
      }

      expect(fixture.sandbox.calls[0]!.callbacks).toMatchObject([
        { event: 'terminal', attempts: 3, delivered: 0 },
      ]);
      expect(fixture.sandbox.stats().callbacks).toMatchObject({ failedAttempts: 3, gaveUp: 1 });
    });
  });

  describe('agents', () => {
    it('v1 rings an agent who is already on a call: the agent leg is busy and the overlap is on record', async () => {
      const fixture = await open(scriptedProfile());
      const telephony = v1(fixture.sandbox);
      await telephony.placeCall(placeCallFor(fixture.receiver.url, { customerPhone: customerPhone(1) }));
      fixture.clock.advanceBy(10_000);
      await telephony.placeCall(placeCallFor(fixture.receiver.url, { customerPhone: customerPhone(2) }));
      fixture.clock.advanceBy(3_600_000);

      const [first, second] = fixture.sandbox.calls;
      expect(second).toMatchObject({ plannedOutcome: 'agent-missed', agentLeg: { status: 'busy' } });
      expect(fixture.sandbox.stats().agentConflicts).toBe(1);
      expect(findAgentOverlaps(fixture.sandbox.calls, fixture.clock.now())).toEqual([[first, second]]);
    });

    it('records each leg’s ring, answer and end times', async () => {
      const fixture = await open(scriptedProfile({ agentRingSec: 2, customerRingSec: 5, talkSec: 30 }));
      await v1(fixture.sandbox).placeCall(placeCallFor(fixture.receiver.url));
      fixture.clock.advanceBy(60_000);

      expect(fixture.sandbox.calls[0]).toMatchObject({
        createdAt: T0,
        endedAt: T0 + 37_000,
        conversationSec: 30,
        agentLeg: { ringStartedAt: T0, answeredAt: T0 + 2_000, endedAt: T0 + 37_000, status: 'completed' },
        customerLeg: {
          ringStartedAt: T0 + 2_000,
          answeredAt: T0 + 7_000,
          endedAt: T0 + 37_000,
          status: 'completed',
        },
      });
      expect(findAgentOverlaps(fixture.sandbox.calls, fixture.clock.now())).toEqual([]);
    });
  });

  describe('validates requests like the provider', () => {
    const connect = (
      sandbox: Sandbox,
      form: Record<string, string>,
      authorization: string | null = basicAuth,
    ) =>
      request(`${sandbox.baseUrl}/v1/Accounts/${ACCOUNT_SID}/Calls/connect.json`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(authorization ? { authorization } : {}),
        },
        body: new URLSearchParams(form).toString(),
      });
    const validForm = { From: '+919812345678', To: '+919876543210', CallerId: '+918047112233' };

    it('refuses a comma-joined StatusCallbackEvents', async () => {
      const { sandbox } = await open(scriptedProfile());
      const response = await connect(sandbox, {
        ...validForm,
        StatusCallback: 'http://127.0.0.1:9/x',
        StatusCallbackEvents: 'terminal,answered',
      });
      expect(response.statusCode).toBe(400);
      expect(await response.body.json()).toEqual({
        RestException: {
          Status: 400,
          Message: 'StatusCallbackEvents must be terminal or answered, got "terminal,answered"',
        },
      });
      expect(sandbox.calls).toHaveLength(0);
    });

    it('answers 401 with a RestException when Authorization is missing', async () => {
      const { sandbox } = await open(scriptedProfile());
      const response = await connect(sandbox, validForm, null);
      expect(response.statusCode).toBe(401);
      expect(await response.body.json()).toMatchObject({ RestException: { Status: 401 } });
      expect(sandbox.requests.at(-1)).toMatchObject({ hasAuthorization: false });
      expect(sandbox.stats().requests.unauthorized).toBe(1);
    });

    it.each<[string, Record<string, string>, number]>([
      ['a CustomField over 128 characters', { CustomField: 'x'.repeat(129) }, 400],
      ['a TimeLimit over 4 hours', { TimeLimit: '14401' }, 400],
      ['an unknown RecordingChannels', { RecordingChannels: 'stereo' }, 400],
      ['a StatusCallback that is no URL', { StatusCallback: 'not a url' }, 400],
    ])('refuses %s', async (_what, extra, status) => {
      const { sandbox } = await open(scriptedProfile());
      expect((await connect(sandbox, { ...validForm, ...extra })).statusCode).toBe(status);
    });

    it('answers 404 for another account and for an unknown path', async () => {
      const { sandbox } = await open(scriptedProfile());
      const otherAccount = await request(`${sandbox.baseUrl}/v1/Accounts/someone-else/Calls/x.json`, {
        headers: { authorization: basicAuth },
      });
      expect(otherAccount.statusCode).toBe(404);
      await otherAccount.body.dump();
      const unknownPath = await request(`${sandbox.baseUrl}/v1/Accounts/${ACCOUNT_SID}/Calls/x.xml`, {
        headers: { authorization: basicAuth },
      });
      expect(unknownPath.statusCode).toBe(404);
      await unknownPath.body.dump();
    });

    it('refuses calls beyond the profile’s calls per minute with 429, and allows them again a minute later', async () => {
      const fixture = await open({ ...scriptedProfile(), callsPerMinute: 2 });
      const telephony = v1(fixture.sandbox);
      const place = (index: number) =>
        telephony.placeCall(
          placeCallFor(fixture.receiver.url, {
            agentPhone: agentPhone(index),
            customerPhone: customerPhone(index),
          }),
        );
      await place(1);
      await place(2);
      await expect(place(3)).rejects.toMatchObject({ kind: 'rate-limited' });
      fixture.clock.advanceBy(60_001);
      await expect(place(4)).resolves.toEqual({ callSid: expect.any(String) });
    });
  });

  describe('fault switches', () => {
    it('timeoutMs: handles the request, never answers, then drops the connection', async () => {
      const fixture = await open(scriptedProfile());
      fixture.sandbox.setFaults({ timeoutMs: 100 });
      const error = await v1(fixture.sandbox)
        .placeCall(placeCallFor(fixture.receiver.url))
        .catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({ kind: 'network', outcomeUnknown: true });
      expect(fixture.sandbox.calls).toHaveLength(1);
      expect(fixture.sandbox.stats().requests.hung).toBe(1);
    });

    it('setFaults({}) turns every fault off again', async () => {
      const fixture = await open(scriptedProfile());
      fixture.sandbox.setFaults({ serverError: 1 });
      await expect(v1(fixture.sandbox).placeCall(placeCallFor(fixture.receiver.url))).rejects.toMatchObject({
        kind: 'provider-fault',
      });
      fixture.sandbox.setFaults({});
      await expect(v1(fixture.sandbox).placeCall(placeCallFor(fixture.receiver.url))).resolves.toEqual({
        callSid: expect.any(String),
      });
    });

    it('refuses a probability outside [0, 1]', async () => {
      const { sandbox } = await open(scriptedProfile());
      expect(() => sandbox.setFaults({ rateLimit: 2 })).toThrow('rateLimit must be a probability');
    });
  });

  it('runs on the wall clock when given no clock', async () => {
    const receiver = await startCallbackReceiver();
    const profile = scriptedProfile({ agentRingSec: 0.02, customerRingSec: 0.02, talkSec: 0.05 });
    const sandbox = await startSandbox({
      accountSid: ACCOUNT_SID,
      apiKey: API_KEY,
      apiToken: API_TOKEN,
      profile,
    });
    try {
      await v1(sandbox).placeCall(placeCallFor(receiver.url));
      const deadline = Date.now() + 5_000;
      while (receiver.received.length < 3 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect((await Promise.all(receiver.received.map(parseV1))).map((progress) => progress.event)).toEqual([
        'answered',
        'answered',
        'terminal',
      ]);
    } finally {
      await sandbox.close();
      await receiver.close();
    }
  });
});
