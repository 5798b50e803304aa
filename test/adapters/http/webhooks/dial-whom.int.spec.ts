import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseInboundAttempt, callKeyOf } from '../../../../src/application/dial-whom/inbound-attempt.js';
import type { StoredEvent } from '../../../../src/application/ports/event-store.port.js';
import { CCM_CONNECT, askWhom, numbersIn } from './dial-whom-request.js';
import { talkedAndHungUp, v1CallbackForm } from './v1-callback.fixture.js';
import { WebhookKit, agentPhone, customerPhone, national } from './webhook-test-kit.js';

const dataOf = (event: StoredEvent | undefined) => event?.data as Record<string, unknown> | undefined;
const typesOf = (events: readonly StoredEvent[]) => events.map((event) => event.type);

describe('GET /webhooks/exotel/dial-whom: a known caller', () => {
  let kit: WebhookKit;

  beforeAll(async () => {
    kit = await WebhookKit.start();
  });

  afterAll(() => kit?.close());

  const reservationsFor = async (callSid: string) =>
    (await kit.allEvents()).filter(
      (event) =>
        event.type === 'AgentReserved' &&
        parseInboundAttempt(String(dataOf(event)?.attemptId))?.callKey === callKeyOf(callSid),
    );

  describe('refuses what is not a Dial Whom request', () => {
    it.each([
      ['a missing CallSid', {}, 'CallSid'],
      ['a CallSid that is no id', { CallSid: '../../etc passwd' }, 'CallSid'],
      [
        'an unknown DialCallStatus',
        { CallSid: 'CA-bad-status', DialCallStatus: 'exploded' },
        'DialCallStatus',
      ],
    ])('answers %s with 400 naming the parameter, on both routes', async (_what, query, field) => {
      for (const path of [undefined, CCM_CONNECT]) {
        const reply = await askWhom(kit, query as Record<string, string>, path);
        expect(reply.status).toBe(400);
        expect(reply.contentType).toMatch(/^application\/json/);
        const body = JSON.parse(reply.body) as { error: string; message: string };
        expect(body.error).toBe('invalid-request');
        expect(body.message).toContain(field);
      }
    });

    it('answers a wrong or missing token with 401 on both routes', async () => {
      for (const path of [undefined, CCM_CONNECT]) {
        expect((await askWhom(kit, { CallSid: 'CA-no-token' }, path, null)).status).toBe(401);
        expect((await askWhom(kit, { CallSid: 'CA-no-token' }, path, 'wrong-token-0123456789')).status).toBe(
          401,
        );
      }
    });
  });

  describe('stickiness and idle time', () => {
    const phones = { first: agentPhone(), second: agentPhone(), third: agentPhone() };
    const caller = customerPhone();

    beforeAll(async () => {
      // the dialer calls the customer with sticky-1; sticky-2 and sticky-3 get ready meanwhile (idle longer)
      await kit.createCampaign('sticky', { wrapUpSec: 0 });
      await kit.readyAgent('sticky-1', phones.first, ['sticky']);
      await kit.addContact('sticky-contact', 'sticky', caller);
      await kit.startCampaign('sticky');
      await kit.settle();
      const call = kit.callTo(caller);
      await kit.readyAgent('sticky-2', phones.second, ['sticky']);
      kit.clock.advanceBy(5_000);
      await kit.readyAgent('sticky-3', phones.third, ['sticky']);
      kit.clock.advanceBy(5_000);
      const ended = await fetch(kit.url('/webhooks/exotel/status'), {
        method: 'POST',
        body: new URLSearchParams(v1CallbackForm(call, talkedAndHungUp, kit.clock.now())),
      });
      expect(await ended.json()).toEqual({ result: 'applied' });
      await kit.settle();
      await kit.until(
        () =>
          kit.dialer.index.lastTalkedAgent.get('sticky-contact') === 'sticky-1' &&
          kit.dialer.index.agents.get('sticky-1')?.state.status === 'available',
        'sticky-1 talked to the caller and is free again',
      );
    });

    it('offers the agent who last talked to the caller when free, matched from the national form, in well under a second', async () => {
      const reply = await askWhom(kit, {
        CallSid: 'CA-sticky-1',
        CallFrom: national(caller),
        CallTo: '08047112233',
        Direction: 'incoming',
      });
      expect(numbersIn(reply)).toEqual([phones.first]);
      expect(reply.ms).toBeLessThan(1_000);
      const reserved = (await kit.agentEvents('sticky-1')).at(-1);
      expect(reserved?.type).toBe('AgentReserved');
      const attemptId = String(dataOf(reserved)?.attemptId);
      expect(parseInboundAttempt(attemptId)).toEqual({
        contactId: 'sticky-contact',
        callKey: callKeyOf('CA-sticky-1'),
        offerNo: 1,
      });
      expect(dataOf(reserved)).toMatchObject({ contactId: 'sticky-contact', campaignId: 'sticky' });
    });

    it('offers the longest-idle agent of the caller’s campaign when their last agent is busy', async () => {
      const reply = await askWhom(kit, { CallSid: 'CA-sticky-2', From: caller });
      expect(numbersIn(reply)).toEqual([phones.second]);
    });

    it('answers a retried request with the same agent, reserving nobody else', async () => {
      const reply = await askWhom(kit, { CallSid: 'CA-sticky-2', From: caller });
      expect(numbersIn(reply)).toEqual([phones.second]);
      expect(await reservationsFor('CA-sticky-2')).toHaveLength(1);
      expect(typesOf(await kit.agentEvents('sticky-3'))).not.toContain('AgentReserved');
    });
  });

  describe('one call, many requests', () => {
    const phones = [agentPhone(), agentPhone(), agentPhone()];
    const caller = customerPhone();

    beforeAll(async () => {
      // a campaign never started: the dialer leaves its agents and contact alone
      await kit.createCampaign('burst');
      for (const [n, phone] of phones.entries()) await kit.readyAgent(`burst-${n + 1}`, phone, ['burst']);
      await kit.addContact('burst-contact', 'burst', caller);
    });

    it('gives ten concurrent requests for one CallSid the same single agent, reserved once', async () => {
      const replies = await Promise.all(
        Array.from({ length: 10 }, () => askWhom(kit, { CallSid: 'CA-burst', CallFrom: national(caller) })),
      );
      const answers = new Set(replies.map((reply) => numbersIn(reply).join(',')));
      expect(answers.size).toBe(1);
      expect(phones).toContain([...answers][0]);
      expect(await reservationsFor('CA-burst')).toHaveLength(1);
    });

    it('ends the reservation with a wrap-up when the call with the agent completed, once', async () => {
      const agentOf = (await reservationsFor('CA-burst'))[0]!.streamId.replace(/^agent-/, '');
      const phone = phones[Number(agentOf.split('-')[1]) - 1]!;
      const query = {
        CallSid: 'CA-burst',
        CallFrom: national(caller),
        DialCallStatus: 'completed',
        DialWhomNumber: national(phone),
        DialCallDuration: '95',
      };
      expect(numbersIn(await askWhom(kit, query))).toEqual([]);
      const after = await kit.agentEvents(agentOf);
      expect(after.at(-1)?.type).toBe('AgentWrapUpStarted');
      expect(numbersIn(await askWhom(kit, query))).toEqual([]);
      expect((await kit.agentEvents(agentOf)).length).toBe(after.length);
    });
  });

  describe('agents who do not answer', () => {
    const phones = [agentPhone(), agentPhone(), agentPhone()];
    const caller = customerPhone();
    const callSid = 'CA-missed';

    beforeAll(async () => {
      await kit.createCampaign('miss');
      for (const [n, phone] of phones.entries()) await kit.readyAgent(`miss-${n + 1}`, phone, ['miss']); // equally idle: by id
      await kit.addContact('miss-contact', 'miss', caller);
    });

    it('records the missed agent (paused: missed-call) and offers the next one on a no-answer repeat', async () => {
      expect(numbersIn(await askWhom(kit, { CallSid: callSid, CallFrom: national(caller) }))).toEqual([
        phones[0],
      ]);
      const repeat = {
        CallSid: callSid,
        CallFrom: national(caller),
        DialCallStatus: 'no-answer',
        DialWhomNumber: national(phones[0]!),
      };
      expect(numbersIn(await askWhom(kit, repeat))).toEqual([phones[1]]);
      const missed = await kit.agentEvents('miss-1');
      expect(typesOf(missed).slice(-2)).toEqual(['AgentMissedCall', 'AgentPaused']);
      expect(dataOf(missed.at(-1))).toMatchObject({ reason: 'missed-call' });

      // Exotel repeating that very request changes nothing: same answer, nobody else marked missed
      const before = (await kit.allEvents()).length;
      expect(numbersIn(await askWhom(kit, repeat))).toEqual([phones[1]]);
      expect((await kit.allEvents()).length).toBe(before);
    });

    it('queues the caller for a callback once every agent has missed', async () => {
      expect(
        numbersIn(
          await askWhom(kit, {
            CallSid: callSid,
            CallFrom: national(caller),
            DialCallStatus: 'busy',
            DialWhomNumber: phones[1]!,
          }),
        ),
      ).toEqual([phones[2]]);
      const last = await askWhom(kit, {
        CallSid: callSid,
        CallFrom: national(caller),
        DialCallStatus: 'failed',
        DialWhomNumber: national(phones[2]!),
      });
      expect(numbersIn(last)).toEqual([]);
      for (const agentId of ['miss-2', 'miss-3'])
        expect(typesOf(await kit.agentEvents(agentId))).toContain('AgentMissedCall');
      const contact = await kit.contactEvents('miss-contact');
      expect(typesOf(contact).slice(-2)).toEqual(['DispositionRecorded', 'RetryScheduled']);
    });
  });

  describe('nobody free', () => {
    const phone = agentPhone();
    const caller = customerPhone();
    const tomorrow = '2026-03-03T04:00:00.000Z';

    beforeAll(async () => {
      await kit.createCampaign('later', { wrapUpSec: 0 }, true);
      await kit.readyAgent('later-1', phone, ['later']);
      await kit.addContact('later-contact', 'later', caller, tomorrow);
      await kit.settle();
    });

    it('answers an empty 200 and queues a callback due now; the dialer calls back once the agent is free', async () => {
      expect(numbersIn(await askWhom(kit, { CallSid: 'CA-later-1', CallFrom: national(caller) }))).toEqual([
        phone,
      ]);
      const now = kit.nowIso();

      const reply = await askWhom(kit, { CallSid: 'CA-later-2', CallFrom: national(caller) });
      expect(reply.status).toBe(200);
      expect(reply.body).toBe('');
      const queued = (await kit.contactEvents('later-contact')).slice(-2);
      expect(typesOf(queued)).toEqual(['DispositionRecorded', 'RetryScheduled']);
      expect(dataOf(queued[0])).toMatchObject({ code: 'inbound-callback', callbackAt: now });
      expect(dataOf(queued[1])).toMatchObject({ dueAt: now, reason: 'callback' });
      expect(kit.sandbox.calls.some((call) => call.customerNumber === caller)).toBe(false);

      // the first call ends: the agent wraps up (0 s) and the dialer calls the waiting caller back with them
      expect(
        numbersIn(
          await askWhom(kit, {
            CallSid: 'CA-later-1',
            CallFrom: national(caller),
            DialCallStatus: 'completed',
            DialWhomNumber: national(phone),
          }),
        ),
      ).toEqual([]);
      await kit.until(
        () => kit.sandbox.calls.some((call) => call.customerNumber === caller),
        'the dialer called the caller back',
      );
      expect(kit.callTo(caller).agentNumber).toBe(phone);
    });
  });
});
