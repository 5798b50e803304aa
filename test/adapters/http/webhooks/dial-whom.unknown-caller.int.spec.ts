import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { contactIdFor } from '../../../../src/application/use-cases/contacts/contact-id.js';
import { CCM_CONNECT, askWhom, numbersIn } from './dial-whom-request.js';
import { CALLER_ID, WebhookKit, agentPhone, customerPhone, national } from './webhook-test-kit.js';

describe('Dial Whom for callers who are no contact, and the CCM answer', () => {
  let kit: WebhookKit;
  const phones = { first: agentPhone(), second: agentPhone(), other: agentPhone(), draft: agentPhone() };

  beforeAll(async () => {
    kit = await WebhookKit.start();
    // two running campaigns without contacts (the dialer has nothing to dial) and a draft one
    await kit.createCampaign(
      'inbound-a',
      { ringTimeoutSec: 25, maxCallDurationSec: 900, recording: { enabled: true, channels: 'dual' } },
      true,
    );
    await kit.createCampaign('inbound-b', { callerId: '+918047110000' }, true);
    await kit.createCampaign('inbound-draft');
    await kit.readyAgent('draft-1', phones.draft, ['inbound-draft']); // idle longest, but of no running campaign
    kit.clock.advanceBy(1_000);
    await kit.readyAgent('b-1', phones.other, ['inbound-b']);
    kit.clock.advanceBy(1_000);
    await kit.readyAgent('a-1', phones.first, ['inbound-a']);
    kit.clock.advanceBy(1_000);
    await kit.readyAgent('a-2', phones.second, ['inbound-a', 'inbound-b']);
    await kit.settle();
  });

  afterAll(() => kit?.close());

  it('offers an unknown caller the longest-idle agent of any running campaign', async () => {
    const reply = await askWhom(kit, { CallSid: 'CA-stranger-1', CallFrom: national(customerPhone()) });
    expect(numbersIn(reply)).toEqual([phones.other]);
    const reserved = (await kit.agentEvents('b-1')).at(-1);
    expect(reserved?.type).toBe('AgentReserved');
    expect(reserved?.data).toMatchObject({ campaignId: 'inbound-b' });
  });

  it('answers the programmable (CCM) connect request with JSON in the CCM shape, settings from the agent’s campaign', async () => {
    const reply = await askWhom(kit, { CallSid: 'CA-stranger-2', CallFrom: customerPhone() }, CCM_CONNECT);
    expect(reply.status).toBe(200);
    expect(reply.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(reply.body)).toEqual({
      fetch_after_attempt: true,
      destination: [{ contact_uri: phones.first }],
      state_management: true,
      sticky_agent: false,
      outgoing_phone_number: CALLER_ID,
      recording: { record: true, channels: 'dual' },
      max_ringing_duration: 25,
      max_conversation_duration: 900,
      music_on_hold: { type: 'default_tone' },
      parallel_ringing: { activate: false, max_parallel_attempts: 1 },
    });
  });

  it('offers an agent of two campaigns for the first running one', async () => {
    const reply = await askWhom(kit, { CallSid: 'CA-stranger-3', From: customerPhone() });
    expect(numbersIn(reply)).toEqual([phones.second]);
    expect((await kit.agentEvents('a-2')).at(-1)?.data).toMatchObject({ campaignId: 'inbound-a' });
  });

  it('with nobody free, answers empty and adds the caller to the first running campaign for a callback', async () => {
    const caller = customerPhone();
    const reply = await askWhom(kit, { CallSid: 'CA-stranger-4', CallFrom: national(caller) });
    expect(numbersIn(reply)).toEqual([]);
    const contactId = contactIdFor('inbound-a', caller);
    const [added, ...more] = await kit.contactEvents(contactId);
    expect(more).toEqual([]);
    expect(added?.type).toBe('ContactAdded');
    expect(added?.data).toMatchObject({
      campaignId: 'inbound-a',
      phone: caller,
      attributes: { source: 'inbound' },
      dueAt: kit.nowIso(),
    });

    // a repeat for that call queues nothing twice
    expect(numbersIn(await askWhom(kit, { CallSid: 'CA-stranger-4', CallFrom: national(caller) }))).toEqual(
      [],
    );
    expect(await kit.contactEvents(contactId)).toHaveLength(1);
  });

  it('answers the CCM request with an empty destination list when nobody is free', async () => {
    const reply = await askWhom(
      kit,
      { CallSid: 'CA-stranger-5', CallFrom: national(customerPhone()) },
      CCM_CONNECT,
    );
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({
      destination: [],
      state_management: true,
      outgoing_phone_number: CALLER_ID,
    });
  });

  it('routes a withheld number too, but cannot queue a callback for it', async () => {
    const before = (await kit.allEvents()).length;
    expect(numbersIn(await askWhom(kit, { CallSid: 'CA-withheld', CallFrom: 'anonymous' }))).toEqual([]);
    expect((await kit.allEvents()).length).toBe(before);
  });
});
