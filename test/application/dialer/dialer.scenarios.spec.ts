import { afterEach, describe, expect, it } from '@jest/globals';
import type { StoredEvent, StreamAppend } from '../../../src/application/ports/event-store.port.js';
import { DialerHarness, type WorldPlan } from './support/dialer.harness.js';
import { checkInvariants } from './support/dialer.invariants.js';
import { smallWorld } from './support/small-world.js';

/**
 * Shrunk counterexamples of the model-based test (dialer.model.spec.ts), replayed step by step: each names what the
 * dialer must do. Worlds: one campaign, agents ready, the calling window open for hours; two dialer processes where
 * the race needs them.
 */

const ofType = (events: readonly StoredEvent[], type: string) =>
  events.filter((e) => e.type === type).map((e) => e.data as Record<string, unknown>);

let harness: DialerHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

async function world(overrides: Partial<WorldPlan> = {}): Promise<DialerHarness> {
  harness = await DialerHarness.create(smallWorld(overrides));
  return harness;
}

async function invariants(h: DialerHarness): Promise<string[]> {
  await h.settle();
  return checkInvariants(h, await h.logView());
}

/**
 * A fresh world per offset: agent a1 becomes ready (the pump sets off a dial for c1), `delay` microtasks pass, then
 * `interfere` lands and reports what went wrong. Offsets 0–300 in steps of 4 cover every step of the dial.
 */
async function atEveryOffsetOfADial(interfere: (h: DialerHarness, delay: number) => Promise<string[]>): Promise<string[]> {
  const wrong: string[] = [];
  for (let delay = 0; delay <= 300; delay += 4) {
    const h = await world({ agents: [{ campaigns: [0], ready: false }] });
    await h.agent({ type: 'MakeAgentAvailable', agentId: 'a1', at: h.nowIso() });
    for (let i = 0; i < delay; i += 1) await Promise.resolve();
    wrong.push(...(await interfere(h, delay)));
    await h.stop();
    harness = undefined;
  }
  return wrong;
}

describe('the dialer, scenarios found by the fault tests', () => {
  it('closes a dial whose answer was lost, found by the call search, from the call’s own legs (not the listing’s status)', async () => {
    const h = await world({ agents: [{ campaigns: [0], ready: false }] });
    h.telephony.listingsShowLegs = false;
    h.telephony.failNextRequest({ kind: 'timeout', callCreated: true });
    await h.agent({ type: 'MakeAgentAvailable', agentId: 'a1', at: h.nowIso() });
    await h.settle();
    const call = h.telephony.liveCalls()[0]!;
    h.telephony.emit(call, 'next', { fate: 'agent-missed' }, true); // the agent never answered: terminal, lost
    await h.advance(10 * 60_000); // past the unknown-outcome lookup

    const terminated = ofType(await h.events(), 'CallTerminated');
    expect(terminated).toEqual([expect.objectContaining({ attemptId: call.attemptId, outcome: 'agent-missed', counts: false })]);
    expect(await invariants(h)).toEqual([]);
  });
});

describe('the dialer, one disk sync from a free agent to the next call', () => {
  /** Records every atomic append: for each, the streams and the types of their events. */
  function recordAtomicAppends(h: DialerHarness): string[][][] {
    const appended: string[][][] = [];
    const atomically = h.store.appendAtomically!.bind(h.store);
    // a read-only property of the forwarding store: replaced on this instance only
    Object.defineProperty(h.store, 'appendAtomically', {
      value: (appends: readonly StreamAppend[]) => {
        appended.push(appends.map(({ streamId, events }) => [streamId, ...events.map((event) => event.type)]));
        return atomically(appends);
      },
    });
    return appended;
  }

  async function busyCallThenWrapUp(h: DialerHarness) {
    const call = h.telephony.liveCalls()[0]!;
    for (let step = 0; step < 2; step += 1) await h.deliver(h.telephony.emit(call, 'next', { fate: 'busy' })!);
    await h.settle();
    expect(h.dialer.index.agents.get('a1')?.state.status).toBe('wrap-up');
  }

  it('ends the wrap-up, reserves the agent and records the dial in one append when a contact is due', async () => {
    const h = await world({ contacts: [{ campaign: 0, priority: 0 }, { campaign: 0, priority: 0 }] });
    await busyCallThenWrapUp(h);
    const appended = recordAtomicAppends(h);

    await h.advance(6_000); // past the 5 s wrap-up

    expect(appended[0]).toEqual([['agent-a1', 'AgentBecameAvailable', 'AgentReserved'], ['contact-c2', 'ContactDialed']]);
    expect(h.telephony.liveCalls().map((call) => call.attemptId)).toEqual([expect.stringMatching(/^c2~/)]);
    expect(await invariants(h)).toEqual([]);
  });

  it('ends the wrap-up on its own when no contact is due', async () => {
    const h = await world();
    await busyCallThenWrapUp(h);
    const appended = recordAtomicAppends(h);

    await h.advance(6_000); // c1's retry is a minute away

    expect(appended).toEqual([]);
    expect(h.dialer.index.agents.get('a1')?.state.status).toBe('available');
    expect(h.telephony.liveCalls()).toEqual([]);
    expect(await invariants(h)).toEqual([]);
  });
});

describe('the dialer, scenarios found by the model-based test', () => {
  it('records both legs when one callback reports the agent and the customer answered (the agent-answered callback was lost)', async () => {
    const h = await world();
    const call = h.telephony.liveCalls()[0]!;
    h.telephony.emit(call, 'next', { fate: 'connected' }, true); // agent answered: lost
    const both = h.telephony.emit(call, 'next', { fate: 'connected' })!; // customer answered: agent and customer in progress
    const appended: string[][] = [];
    const append = h.store.append.bind(h.store);
    h.store.append = (streamId, events, expected) => {
      appended.push(events.map((event) => event.type));
      return append(streamId, events, expected);
    };
    expect(await h.deliver(both)).toBe('applied');
    await h.settle();

    const legs = ofType(await h.events(), 'LegAnswered').map((d) => d['leg']);
    expect(legs).toEqual(['agent', 'customer']);
    // what one callback reports is stored in one append
    expect(appended[0]).toEqual(['LegAnswered', 'LegAnswered']);
    expect(h.dialer.index.contacts.get('c1')?.state.status).toBe('connected');
    expect(h.dialer.index.agents.get('a1')?.state.status).toBe('on-call');

    // and the same callback again changes nothing
    const before = h.store.lastPosition;
    expect(await h.deliver(both)).toBe('duplicate');
    await h.settle();
    expect(h.store.lastPosition).toBe(before);
    expect(await invariants(h)).toEqual([]);
  });

  it('pauses the campaign on a 401 before it lets the contact go, so another dialer process does not ring again meanwhile', async () => {
    // two processes, three agents on three calls; the fourth request (a1 for c4, after sid-0001 ended) gets a 401
    const h = await world({
      campaigns: [
        {
          maxAttempts: 1,
          retryAfterSec: 0,
          backoffFactor: 1,
          wrapUpSec: 0,
          ringTimeoutSec: 5,
          maxCallDurationSec: 30,
        },
      ],
      agents: [0, 1, 2].map(() => ({ campaigns: [0], ready: true })),
      contacts: [0, 1, 2, 3, 4].map(() => ({ campaign: 0, priority: 0 })),
      instances: 2,
    });
    h.telephony.failNextRequest({ kind: 'unauthorized' });
    const [first, second] = h.telephony.liveCalls();
    await Promise.all([
      h.deliver(h.telephony.emit(first!, 'next', { fate: 'busy' })!, 0),
      h.deliver(h.telephony.emit(second!, 'next', { fate: 'busy' })!, 1),
    ]);
    await h.settle();
    await h.deliver(h.telephony.emit(first!, 'next', { fate: 'busy' })!, 0); // terminal: a1 is free, c4 is next
    await h.settle();

    const events = await h.events();
    const refused = h.telephony.requests.find((r) => r.answer === 'unauthorized');
    expect(refused).toBeDefined();
    // after the 401 no process may ring for the campaign again before someone resumes it
    const after = h.telephony.requests
      .filter((r) => r.seq > refused!.seq)
      .map((r) => `#${r.seq} ${r.request.attemptId} → ${r.answer}`);
    expect(after).toEqual([]);
    const paused = events.find((e) => e.type === 'CampaignPaused');
    const reservedAfterPause = events.filter(
      (e) => e.type === 'AgentReserved' && e.position > paused!.position,
    );
    expect(reservedAfterPause).toEqual([]);
    expect(await invariants(h)).toEqual([]);
  });

  it("asks the provider about silent calls at the lookup budget's pace, and closes every one", async () => {
    const six = [0, 1, 2, 3, 4, 5];
    const h = await world({
      campaigns: [{ ...smallWorld().campaigns[0]!, maxAttempts: 1 }],
      agents: six.map(() => ({ campaigns: [0], ready: true })),
      contacts: six.map(() => ({ campaign: 0, priority: 0 })),
      lookupsPerMinute: 2,
    });
    const calls = h.telephony.liveCalls();
    expect(calls).toHaveLength(6);
    for (const call of calls) {
      h.telephony.emit(call, 'next', { fate: 'busy' }, true); // agent answered: lost
      h.telephony.emit(call, 'next', { fate: 'busy' }, true); // terminal: lost, the watchdog has to close it
    }

    await h.advance(10 * 60_000);

    const times = h.telephony.lookups.map((lookup) => lookup.atMs);
    expect(times).toHaveLength(6);
    for (const at of times) expect(times.filter((t) => t >= at && t < at + 60_000).length).toBeLessThanOrEqual(2);
    expect(h.dialer.counters.watchdogClosed).toBe(6);
    expect(await invariants(h)).toEqual([]);
  });

  it('does nothing more once stopped: no reaction queued before stop() runs, no timer is re-armed by work in flight', async () => {
    const h = await world();
    const call = h.telephony.liveCalls()[0]!;
    h.telephony.emit(call, 'next', { fate: 'busy' }, true); // agent answered: lost
    h.telephony.emit(call, 'next', { fate: 'busy' }, true); // terminal: lost, the watchdog has to close it
    h.telephony.failNextLookup(); // and its first look at the call fails
    const dialer = h.processes[0]!.dialer;
    const watchdogAt = h.clock.nextTimerAt()!;
    h.clock.advanceTo(watchdogAt); // the watchdog timer fires: its reaction is queued…
    await dialer.stop(); // …and the dialer is stopped before it ran
    const before = h.store.lastPosition;
    const lookups = dialer.counters.lookups;
    h.clock.advanceBy(10 * 60_000);
    await h.settle();
    expect({
      lookups: dialer.counters.lookups - lookups,
      written: h.store.lastPosition - before,
      timers: h.clock.nextTimerAt(),
    }).toEqual({ lookups: 0, written: 0n, timers: undefined });
  });

  it('sends no request once it knows the campaign is paused, wherever the pause lands in a dial under way', async () => {
    const late = await atEveryOffsetOfADial(async (h, delay) => {
      await h.campaign({ type: 'PauseCampaign', campaignId: 'k1', reason: 'supervisor', at: h.nowIso() }); // a supervisor pauses
      await h.settle();
      return h.requestViolations.map((v) => `pause after ${delay} microtasks: ${v}`);
    });
    expect(late).toEqual([]);
  });

  it('never rings a number put on the do-not-call list before its dial was recorded, wherever the listing lands', async () => {
    // the dialer looks the number up twice: before it records the dial, and again just before the request; a listing
    // after the dial was recorded can only race the request itself (microtasks, no I/O in between)
    const wrong = await atEveryOffsetOfADial(async (h, delay) => {
      const listedAt = h.store.lastPosition;
      h.blocked.set(h.phoneOf('c1'), listedAt); // the number goes on the list
      await h.settle();
      const dialed = (await h.events()).find((e) => e.type === 'ContactDialed' && e.streamId.endsWith('c1'));
      const rung = h.telephony.liveCalls().length > 0;
      const state = h.dialer.index.contacts.get('c1')?.state;
      if (rung && (dialed === undefined || dialed.position > listedAt)) return [`listed after ${delay} microtasks, before the dial was recorded: rung`];
      if (!rung && (state?.status !== 'done' || state.disposition !== 'do-not-call')) return [`listed after ${delay} microtasks: c1 is ${String(state?.status)}, not done do-not-call`];
      return [];
    });
    expect(wrong).toEqual([]);
  });

  it.each([1, 2, 3])(
    'leaves no contact dialing on an attempt its agent let go, whichever write for an unavailable device the process dies after (%i)',
    async (writes) => {
      const h = await world({ agents: [{ campaigns: [0], ready: false }] });
      const dying = h.processes[0]!;
      let seen = 0;
      const append = h.store.append.bind(h.store);
      h.store.append = async (streamId, events, expected) => {
        const result = await append(streamId, events, expected);
        const commandId = events[0]?.metadata?.commandId;
        if (typeof commandId === 'string' && /:(device-pause|reject|device-release)$/.test(commandId) && (seen += 1) === writes) dying.store.dead = true;
        return result;
      };
      h.telephony.failNextRequest({ kind: 'device-unavailable' });
      await h.agent({ type: 'MakeAgentAvailable', agentId: 'a1', at: h.nowIso() });
      await h.settle();
      await h.crash(0);

      expect(await invariants(h)).toEqual([]);
      await h.advance(60_000);
      expect(await invariants(h)).toEqual([]);
      expect(h.dialer.index.agents.get('a1')?.state).toMatchObject({ status: 'paused', reason: 'device-unavailable' });
      expect(h.telephony.requests.map((r) => r.answer)).toEqual(['device-unavailable']);
    },
  );

  it('takes an agent whose device is unavailable out before letting the reservation go, so no dialer process rings them again', async () => {
    const h = await world({
      campaigns: [
        {
          maxAttempts: 1,
          retryAfterSec: 0,
          backoffFactor: 1,
          wrapUpSec: 0,
          ringTimeoutSec: 5,
          maxCallDurationSec: 30,
        },
      ],
      agents: [0, 1, 2].map(() => ({ campaigns: [0], ready: true })),
      contacts: [0, 1, 2, 3, 4].map(() => ({ campaign: 0, priority: 0 })),
      instances: 2,
    });
    await h.campaign({ type: 'PauseCampaign', campaignId: 'k1', reason: 'supervisor', at: h.nowIso() });
    const first = h.telephony.liveCalls()[0]!;
    h.telephony.emit(first, 'next', { fate: 'failed' }, true); // agent answered: lost
    await h.deliver(h.telephony.emit(first, 'next', { fate: 'failed' })!); // terminal: a1 is free, the campaign paused
    await h.settle();
    h.telephony.failNextRequest({ kind: 'device-unavailable' });
    await h.campaign({ type: 'ResumeCampaign', campaignId: 'k1', at: h.nowIso() }); // both processes pump: a1 for c4
    await h.settle();

    const refused = h.telephony.requests.find((r) => r.answer === 'device-unavailable')!;
    const ringsAgain = h.telephony.requests.filter(
      (r) => r.seq > refused.seq && r.request.agentPhone === refused.request.agentPhone,
    );
    expect(ringsAgain.map((r) => `#${r.seq} ${r.request.attemptId} → ${r.answer}`)).toEqual([]);
    expect(h.dialer.index.agents.get('a1')?.state).toMatchObject({
      status: 'paused',
      reason: 'device-unavailable',
    });
    expect(await invariants(h)).toEqual([]);
  });
});
