import { afterEach, describe, expect, it } from '@jest/globals';
import { DialerHarness } from './support/dialer.harness.js';
import { checkInvariants } from './support/dialer.invariants.js';
import { TIMING } from './support/dialer.timing.js';
import { smallWorld } from './support/small-world.js';

/**
 * The watchdog: a call whose terminal callback never comes is looked up in call details, so its agent is not held.
 * Ring timeout 15 s and a max call duration of an hour: the latest any call can end is 2 × 15 s + 3,600 s + the
 * 60 s grace after its dial, which is far too long to hold an agent for a callback that was lost.
 */
const RING_TIMEOUT_SEC = 15;
const RINGS_OVER_MS = 2 * RING_TIMEOUT_SEC * 1000 + TIMING.watchdogGraceMs;

let harness: DialerHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

/** The world with its first call placed; `sinceDial(ms)` moves the clock to that long after the call was created. */
async function placedCall() {
  const h = (harness = await DialerHarness.create(smallWorld({}, { ringTimeoutSec: RING_TIMEOUT_SEC, maxCallDurationSec: 3600 })));
  const call = h.telephony.liveCalls()[0]!;
  const sinceDial = async (ms: number) => h.advance(call.createdAtMs + ms - h.clock.now());
  const terminated = async () => (await h.events()).filter((e) => e.type === 'CallTerminated').map((e) => e.data);
  return { h, call, sinceDial, terminated };
}

describe('the dialer’s watchdog', () => {
  it('asks about a call nobody answered once both legs could have rung out, and frees its agent', async () => {
    const { h, call, sinceDial, terminated } = await placedCall();
    h.telephony.emit(call, 'next', { fate: 'busy' }, true); // the agent answered: lost
    h.telephony.emit(call, 'next', { fate: 'busy' }, true); // the customer was busy, the call is over: lost

    await sinceDial(RINGS_OVER_MS - 5_000);
    expect({ lookups: h.dialer.counters.lookups, terminated: await terminated() }).toEqual({ lookups: 0, terminated: [] });

    await sinceDial(RINGS_OVER_MS + 1_000);
    expect(await terminated()).toEqual([expect.objectContaining({ attemptId: call.attemptId, outcome: 'busy', closedBy: 'watchdog' })]);
    expect(h.dialer.index.agents.get('a1')?.state.status).not.toBe('on-call');
    expect(h.dialer.counters).toMatchObject({ lookups: 1, watchdogClosed: 1 });
    expect(await checkInvariants(h, await h.logView())).toEqual([]);
  });

  it('asks about an answered call every CONNECTED_CALL_LOOKUP_SEC, not sooner, and closes it once the provider says it ended', async () => {
    const { h, call, sinceDial, terminated } = await placedCall();
    await h.deliver(h.telephony.emit(call, 'next', { fate: 'connected' })!); // the agent answered
    await h.deliver(h.telephony.emit(call, 'next', { fate: 'connected' })!); // the customer answered: talking

    await sinceDial(RINGS_OVER_MS + TIMING.connectedLookupMs - 5_000);
    expect(h.dialer.counters.lookups).toBe(0);
    await sinceDial(RINGS_OVER_MS + TIMING.connectedLookupMs + 1_000);
    expect(h.dialer.counters.lookups).toBe(1); // still talking: nothing written
    expect(await terminated()).toEqual([]);

    h.telephony.emit(call, 'next', { fate: 'connected' }, true); // they hang up: the terminal callback is lost
    await sinceDial(RINGS_OVER_MS + 2 * TIMING.connectedLookupMs - 5_000);
    expect(h.dialer.counters.lookups).toBe(1);
    await sinceDial(RINGS_OVER_MS + 2 * TIMING.connectedLookupMs + 1_000);
    expect(await terminated()).toEqual([expect.objectContaining({ attemptId: call.attemptId, outcome: 'connected', talkSec: 42, closedBy: 'watchdog' })]);
    expect(h.dialer.counters.lookups).toBe(2);
    expect(await checkInvariants(h, await h.logView())).toEqual([]);
  });

  it('asks about a call it found still going (its answered callbacks lost) at the connected cadence, not every grace period', async () => {
    const { h, call, sinceDial, terminated } = await placedCall();
    h.telephony.emit(call, 'next', { fate: 'connected' }, true); // the agent answered: lost
    h.telephony.emit(call, 'next', { fate: 'connected' }, true); // the customer answered: lost, so the dialer thinks it rings

    await sinceDial(RINGS_OVER_MS + 1_000);
    expect(h.dialer.counters.lookups).toBe(1); // in progress: they are talking
    await sinceDial(RINGS_OVER_MS + TIMING.connectedLookupMs - 5_000);
    expect(h.dialer.counters.lookups).toBe(1);
    await sinceDial(RINGS_OVER_MS + TIMING.connectedLookupMs + 5_000);
    expect(h.dialer.counters.lookups).toBe(2);

    await h.deliver(h.telephony.emit(call, 'next', { fate: 'connected' })!); // the terminal callback does arrive
    expect(await terminated()).toEqual([expect.objectContaining({ attemptId: call.attemptId, outcome: 'connected', closedBy: 'provider' })]);
    await sinceDial(RINGS_OVER_MS + 3 * TIMING.connectedLookupMs);
    expect(h.dialer.counters.lookups).toBe(2);
    expect(await checkInvariants(h, await h.logView())).toEqual([]);
  });

  it('asks nothing more about a call whose final callback arrived while a failed lookup waited to be tried again', async () => {
    const { h, call, sinceDial, terminated } = await placedCall();
    h.telephony.emit(call, 'next', { fate: 'busy' }, true); // the agent answered: lost
    const late = h.telephony.emit(call, 'next', { fate: 'busy' }, true)!; // the end: held up somewhere
    h.telephony.failNextLookup();
    await sinceDial(RINGS_OVER_MS + 1_000); // the watchdog asks; the provider does not answer
    expect(h.dialer.counters.lookups).toBe(1);

    expect(await h.deliver(late)).toBe('applied'); // the callback arrives after all
    await sinceDial(RINGS_OVER_MS + 1_000 + TIMING.lookupRetryMs + 1_000);
    expect(h.dialer.counters.lookups).toBe(1);
    expect(await terminated()).toEqual([expect.objectContaining({ attemptId: call.attemptId, outcome: 'busy', closedBy: 'provider' })]);
  });

  it('still asks every grace period once a call has outlasted the longest it can last', async () => {
    const { h, call, sinceDial } = await placedCall();
    await h.deliver(h.telephony.emit(call, 'next', { fate: 'connected' })!);
    await h.deliver(h.telephony.emit(call, 'next', { fate: 'connected' })!);
    const boundMs = RINGS_OVER_MS + 3600 * 1000;

    await sinceDial(boundMs + 1_000);
    const atBound = h.dialer.counters.lookups;
    await sinceDial(boundMs + 1_000 + TIMING.watchdogGraceMs);
    expect(h.dialer.counters.lookups).toBe(atBound + 1);
    await sinceDial(boundMs + 1_000 + 2 * TIMING.watchdogGraceMs);
    expect(h.dialer.counters.lookups).toBe(atBound + 2);
  });
});

describe('a final callback without legs', () => {
  it('asks call details again shortly while they do not have the end yet, instead of holding the agent', async () => {
    const { h, call, terminated } = await placedCall();
    h.telephony.detailsLagMs = 45_000; // the provider's records show the end 45 s after it
    await h.deliver(h.telephony.emit(call, 'next', { fate: 'no-answer' })!); // the agent answered
    const ambiguous = await h.deliver(h.telephony.emit(call, 'next', { fate: 'no-answer', legless: true })!);
    await h.settle();
    expect(ambiguous).toBe('deferred'); // overall no-answer without legs: whose? Call details will tell
    expect({ lookups: h.dialer.counters.lookups, terminated: await terminated() }).toEqual({ lookups: 1, terminated: [] });

    await h.advance(TIMING.lookupRetryMs); // 30 s on: the records still lag
    expect({ lookups: h.dialer.counters.lookups, terminated: await terminated() }).toEqual({ lookups: 2, terminated: [] });
    await h.advance(TIMING.lookupRetryMs); // 60 s on: they have it
    expect(await terminated()).toEqual([expect.objectContaining({ attemptId: call.attemptId, outcome: 'no-answer', closedBy: 'provider' })]);
    expect(h.dialer.counters.lookups).toBe(3);
    expect(await checkInvariants(h, await h.logView())).toEqual([]);
  });
});
