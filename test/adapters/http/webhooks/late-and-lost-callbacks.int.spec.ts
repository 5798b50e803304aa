import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SandboxCall } from '../../../../src/adapters/telephony/sandbox/sandbox-call.js';
import { contactOfAttempt } from '../../../../src/application/dialer/attempt-id.js';
import { agentAnswered, asJson, talkedAndHungUp, v1CallbackForm } from './v1-callback.fixture.js';
import { WebhookKit, agentPhone, customerPhone } from './webhook-test-kit.js';

const STATUS = '/webhooks/exotel/status';
const RING_SEC = 15;
const MAX_CALL_SEC = 120;
/** The dialer's default grace after 2 × ring (+ max duration) before the watchdog asks about a silent call. */
const WATCHDOG_GRACE_SEC = 60;

/**
 * Every callback of the call is lost (the sandbox posts none): only call details knows how it ended. As far as the
 * dialer knows nobody answered, so the watchdog asks once both legs could have rung out, and again at the latest when
 * the call cannot be going on any more; a callback arriving after that changes nothing.
 */
describe('lost callbacks, then a late one', () => {
  let kit: WebhookKit;
  let call: SandboxCall;
  const contactId = () => contactOfAttempt(call.attemptId!)!;
  const terminated = async () => (await kit.contactEvents(contactId())).filter((e) => e.type === 'CallTerminated');

  beforeAll(async () => {
    kit = await WebhookKit.start();
    await kit.createCampaign('lost', { wrapUpSec: 0, ringTimeoutSec: RING_SEC, maxCallDurationSec: MAX_CALL_SEC });
    await kit.readyAgent('lost-agent', agentPhone(), ['lost']);
    const customer = customerPhone();
    await kit.addContact('lost-contact', 'lost', customer);
    await kit.startCampaign('lost');
    await kit.settle();
    call = kit.callTo(customer);
  });

  afterAll(() => kit?.close());

  it('asks call details once both legs could have rung out, and keeps the attempt open while the call goes on', async () => {
    kit.clock.advanceBy((2 * RING_SEC + WATCHDOG_GRACE_SEC) * 1000 - 1000);
    await kit.settle();
    expect(kit.dialer.counters.lookups).toBe(0);
    kit.clock.advanceBy(2000);
    await kit.settle();
    await kit.until(() => kit.dialer.counters.lookups > 0, 'the watchdog asks');
    await kit.settle();
    expect(kit.sandbox.call(call.callSid)?.state).toBe('active'); // they are talking
    expect(await terminated()).toEqual([]);
    expect(kit.dialer.index.agents.get('lost-agent')?.state.status).toBe('reserved');
  });

  it('closes the call from call details at the latest once the watchdog bound has passed, with the outcome the provider knows', async () => {
    const lookupsBefore = kit.dialer.counters.lookups;
    kit.clock.advanceBy(MAX_CALL_SEC * 1000);
    await kit.settle();
    await kit.until(() => kit.dialer.index.agents.get('lost-agent')?.state.status !== 'reserved', 'the agent is let go');
    await kit.settle();
    const [ended] = await terminated();
    expect(kit.dialer.counters.lookups).toBeGreaterThan(lookupsBefore);
    // the sandbox ended the call at its TimeLimit: a conversation that call details reports as completed
    expect(kit.sandbox.call(call.callSid)?.state).not.toBe('active');
    expect(ended?.data).toMatchObject({ callSid: call.callSid, outcome: 'connected', closedBy: 'watchdog' });
    expect(kit.dialer.index.agents.get('lost-agent')?.state.status).toBe('available');
    // and the operator can see that a final callback never came
    const metrics = await (await fetch(kit.url('/metrics', {}, null))).text();
    expect(metrics).toContain('dialer_calls_closed_by_watchdog_total{campaign="lost"} 1\n');
  });

  it('answers the late terminal callback with 200 duplicate and writes nothing', async () => {
    const before = (await kit.allEvents()).length;
    for (const spec of [talkedAndHungUp, { ...talkedAndHungUp, status: 'failed' as const, agentLeg: 'failed', customerLeg: '' }, agentAnswered]) {
      const late = await fetch(kit.url(STATUS), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: asJson(v1CallbackForm(call, spec, kit.clock.now())),
      });
      expect(late.status).toBe(200);
      expect(await late.json()).toEqual({ result: 'duplicate' });
    }
    await kit.settle();
    expect((await kit.allEvents()).length).toBe(before);
    expect(await terminated()).toHaveLength(1);
  });
});
