import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Agent, FormData as UndiciFormData, fetch as undiciFetch } from 'undici';
import type { SandboxCall } from '../../../../src/adapters/telephony/sandbox/sandbox-call.js';
import { contactOfAttempt } from '../../../../src/application/dialer/attempt-id.js';
import {
  agentAnswered,
  asJson,
  asMultipart,
  customerAnswered,
  talkedAndHungUp,
  v1CallbackForm,
  type V1Event,
} from './v1-callback.fixture.js';
import { START, WebhookKit, agentPhone, customerPhone } from './webhook-test-kit.js';

const STATUS = '/webhooks/exotel/status';

describe('POST /webhooks/exotel/status', () => {
  let kit: WebhookKit;
  /** Two real calls the dialer placed through the sandbox (which posts no callback itself). */
  let first: SandboxCall;
  let second: SandboxCall;

  beforeAll(async () => {
    kit = await WebhookKit.start();
    await kit.createCampaign('status', { wrapUpSec: 0 });
    await kit.readyAgent('status-agent-1', agentPhone(), ['status']);
    await kit.readyAgent('status-agent-2', agentPhone(), ['status']);
    const customers = [customerPhone(), customerPhone()];
    await kit.addContact('status-contact-1', 'status', customers[0]!);
    await kit.addContact('status-contact-2', 'status', customers[1]!);
    await kit.startCampaign('status');
    await kit.settle();
    first = kit.callTo(customers[0]!);
    second = kit.callTo(customers[1]!);
  });

  afterAll(() => kit?.close());

  const post = (body: NonNullable<RequestInit['body']>, contentType?: string, token?: string | null) =>
    fetch(kit.url(STATUS, {}, token), {
      method: 'POST',
      body,
      headers: contentType === undefined ? {} : { 'content-type': contentType },
    });
  const postForm = (call: SandboxCall, spec: V1Event) =>
    post(new URLSearchParams(v1CallbackForm(call, spec, kit.clock.now())));
  const contactOf = (call: SandboxCall) => contactOfAttempt(call.attemptId!)!;
  const typesIn = async (call: SandboxCall) =>
    (await kit.contactEvents(contactOf(call))).map((event) => event.type);

  it('the dialer placed the calls with the attempt id as CustomField', () => {
    expect(contactOf(first)).toBe('status-contact-1');
    expect(contactOf(second)).toBe('status-contact-2');
    expect(first.createdAt).toBe(Date.parse(START));
    expect(first.state).toBe('active');
  });

  it('refuses a wrong or missing token with 401, writing nothing', async () => {
    const before = (await kit.allEvents()).length;
    const body = asJson(v1CallbackForm(first, agentAnswered, kit.clock.now()));
    const wrong = await post(body, 'application/json', 'not-the-token-0123456789');
    const missing = await post(body, 'application/json', null);
    expect(wrong.status).toBe(401);
    expect(missing.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'unauthorized' });
    expect((await kit.allEvents()).length).toBe(before);
  });

  it('answers malformed JSON with 400 and the reason', async () => {
    const answer = await post('{"CallSid": "abc", "Status": ', 'application/json');
    expect(answer.status).toBe(400);
    const body = (await answer.json()) as { error: string; message: string };
    expect(typeof body.error).toBe('string');
    expect(body.message).toMatch(/JSON/);
  });

  it('answers a callback missing a required field with 400 naming the field', async () => {
    const { Status: _status, ...withoutStatus } = v1CallbackForm(first, agentAnswered, kit.clock.now());
    const answer = await post(new URLSearchParams(withoutStatus));
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: 'malformed-callback', details: { field: 'Status' } });
  });

  it('answers a body of an unsupported content type with 400', async () => {
    const answer = await post('CallSid is abc, Status is completed, honest', 'text/plain');
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({
      error: 'malformed-callback',
      details: { field: 'content-type' },
    });
  });

  it('refuses a body over 1 MB with 413, JSON or multipart', async () => {
    const padding = 'x'.repeat(1_100_000);
    const json = await post(
      JSON.stringify({ CallSid: first.callSid, Status: 'completed', RecordingUrl: padding }),
      'application/json',
    );
    expect(json.status).toBe(413);
    expect(await json.json()).toMatchObject({ error: 'body-too-large', details: { field: 'body' } });
    // the multipart reader stops reading at its limit and the socket is dropped after the answer: a connection of its own
    const ownConnection = new Agent({ pipelining: 0 });
    try {
      const form = new UndiciFormData();
      for (const [key, value] of Object.entries({
        CallSid: first.callSid,
        Status: 'completed',
        RecordingUrl: padding,
      }))
        form.append(key, value);
      const multipart = await undiciFetch(kit.url(STATUS), {
        method: 'POST',
        body: form,
        dispatcher: ownConnection,
      });
      expect(multipart.status).toBe(413);
      expect(await multipart.json()).toMatchObject({ error: 'body-too-large', details: { field: 'body' } });
    } finally {
      await ownConnection.close();
    }
  });

  it('reads a urlencoded v1 callback (flattened Legs): the agent answered', async () => {
    const answer = await postForm(first, agentAnswered);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ result: 'applied' });
    const answered = (await kit.contactEvents(contactOf(first))).filter(
      (event) => event.type === 'LegAnswered',
    );
    expect(answered.map((event) => (event.data as { leg: string }).leg)).toEqual(['agent']);
  });

  it('reads a multipart v1 callback (Exotel’s default encoding): the customer answered', async () => {
    const answer = await post(asMultipart(v1CallbackForm(first, customerAnswered, kit.clock.now())));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ result: 'applied' });
    const answered = (await kit.contactEvents(contactOf(first))).filter(
      (event) => event.type === 'LegAnswered',
    );
    expect(answered.map((event) => (event.data as { leg: string }).leg)).toEqual(['agent', 'customer']);
  });

  it('records the terminal event once: duplicates of any event write nothing more', async () => {
    const terminal = await post(
      asJson(v1CallbackForm(first, talkedAndHungUp, kit.clock.now())),
      'application/json',
    );
    expect(await terminal.json()).toEqual({ result: 'applied' });
    await kit.settle(); // the dialer closes the contact after the agent's wrap-up (0 s): that is not the callback's doing
    const after = await typesIn(first);
    expect(after).toEqual(expect.arrayContaining(['CallTerminated', 'ContactCompleted']));

    for (const spec of [talkedAndHungUp, customerAnswered, agentAnswered]) {
      const again = await postForm(first, spec);
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ result: 'duplicate' });
    }
    const multipartAgain = await post(asMultipart(v1CallbackForm(first, talkedAndHungUp, kit.clock.now())));
    expect(await multipartAgain.json()).toEqual({ result: 'duplicate' });
    expect(await typesIn(first)).toEqual(after);
  });

  it('takes a terminal event arriving before the answered ones, and the late answered ones change nothing', async () => {
    const terminal = await postForm(second, { ...talkedAndHungUp, conversationSec: 17 });
    expect(await terminal.json()).toEqual({ result: 'applied' });
    await kit.settle();
    const after = await kit.contactEvents(contactOf(second));
    const ended = after.find((event) => event.type === 'CallTerminated');
    expect(ended?.data).toMatchObject({ outcome: 'connected', talkSec: 17, callSid: second.callSid });

    // one older console sends CustomField on terminal only: the late answered events are matched by CallSid
    for (const spec of [agentAnswered, customerAnswered]) {
      const late = await postForm(second, { ...spec, customField: false });
      expect(await late.json()).toEqual({ result: 'duplicate' });
    }
    expect((await kit.contactEvents(contactOf(second))).map((event) => event.id)).toEqual(
      after.map((event) => event.id),
    );
  });

  it('answers a callback for a call we never placed with 200, counts it as an orphan and writes nothing', async () => {
    const before = (await kit.allEvents()).length;
    const orphansBefore = kit.dialer.counters.orphanCallbacks;
    const stranger = {
      ...first,
      callSid: 'c0ffee00c0ffee00c0ffee00c0ffee19',
      attemptId: undefined,
    } as SandboxCall;
    const answer = await postForm(stranger, talkedAndHungUp);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ result: 'orphan' });
    expect(kit.dialer.counters.orphanCallbacks).toBe(orphansBefore + 1);
    expect((await kit.allEvents()).length).toBe(before);
  });
});
