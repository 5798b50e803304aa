import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isInboundAttempt } from '../../../../src/application/dial-whom/inbound-attempt.js';
import type { StoredEvent } from '../../../../src/application/ports/event-store.port.js';
import { askWhom, numbersIn } from './dial-whom-request.js';
import { WebhookKit, agentPhone, customerPhone, national } from './webhook-test-kit.js';

/**
 * An inbound call holds its agent without a ContactDialed behind it. The dialer must neither release that hold as
 * an orphan reservation (15 s) while the agent may be talking, nor keep the agent forever when the end of the call
 * is never reported: after the longest the call can last (2 × ring timeout + max duration + the watchdog's grace)
 * it ends the hold with a wrap-up.
 */
describe('an agent held by an inbound call', () => {
  let kit: WebhookKit;
  const phone = agentPhone();
  const caller = customerPhone();
  const RING_SEC = 20;
  const MAX_CALL_SEC = 300;
  const WATCHDOG_GRACE_MS = 60_000;

  beforeAll(async () => {
    kit = await WebhookKit.start();
    await kit.createCampaign('hold', {
      ringTimeoutSec: RING_SEC,
      maxCallDurationSec: MAX_CALL_SEC,
      wrapUpSec: 5,
    });
    await kit.readyAgent('hold-1', phone, ['hold']);
    await kit.addContact('hold-contact', 'hold', caller);
  });

  afterAll(() => kit?.close());

  const agentEvents = () => kit.agentEvents('hold-1');
  const attemptOf = (event: StoredEvent | undefined) =>
    (event?.data as { attemptId?: string } | undefined)?.attemptId;
  const advance = async (ms: number) => {
    kit.clock.advanceBy(ms);
    await kit.settle();
  };

  it('is not released by the orphan-reservation rule while the call goes on', async () => {
    expect(numbersIn(await askWhom(kit, { CallSid: 'CA-hold-1', CallFrom: national(caller) }))).toEqual([
      phone,
    ]);
    const reserved = (await agentEvents()).at(-1);
    expect(reserved?.type).toBe('AgentReserved');
    expect(isInboundAttempt(attemptOf(reserved)!)).toBe(true);
    await kit.settle();

    await advance(20_000); // past the dialer's orphanReservationMs (15 s)
    await advance(4 * 60_000); // four minutes of talking
    expect((await agentEvents()).at(-1)?.id).toBe(reserved?.id);
  });

  it('wraps up when the call is reported completed, and is free again after the wrap-up', async () => {
    const ended = await askWhom(kit, {
      CallSid: 'CA-hold-1',
      CallFrom: national(caller),
      DialCallStatus: 'completed',
      DialWhomNumber: national(phone),
    });
    expect(numbersIn(ended)).toEqual([]);
    await kit.settle();
    expect((await agentEvents()).at(-1)?.type).toBe('AgentWrapUpStarted');
    await advance(5_000);
    await kit.until(
      () => kit.dialer.index.agents.get('hold-1')?.state.status === 'available',
      'the wrap-up ended',
    );
  });

  it('is freed (wrap-up) after the longest the call can last when its end is never reported', async () => {
    expect(numbersIn(await askWhom(kit, { CallSid: 'CA-hold-2', CallFrom: national(caller) }))).toEqual([
      phone,
    ]);
    const reserved = (await agentEvents()).at(-1);
    await kit.settle();
    const longest = (2 * RING_SEC + MAX_CALL_SEC) * 1000 + WATCHDOG_GRACE_MS;

    await advance(longest - 1_000);
    expect((await agentEvents()).at(-1)?.id).toBe(reserved?.id);
    await advance(1_000);
    const closed = (await agentEvents()).find(
      (event) => event.type === 'AgentWrapUpStarted' && attemptOf(event) === attemptOf(reserved),
    );
    expect(closed).toBeDefined();
  });
});
