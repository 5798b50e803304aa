import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_STORE, type EventStore } from '../../../../src/application/ports/event-store.port.js';
import {
  DO_NOT_CALL_LIST,
  type DoNotCallList,
} from '../../../../src/application/use-cases/do-not-call/do-not-call-list.js';
import { startTestService, type TestService } from '../../../support/test-service.js';
import { call, countEvents } from './api-test-helpers.js';

describe('do-not-call list API (event-sourced, one stream per number)', () => {
  let service: TestService;
  let list: DoNotCallList;

  beforeAll(async () => {
    service = await startTestService();
    list = service.app.get<DoNotCallList>(DO_NOT_CALL_LIST);
  });
  afterAll(() => service.close());

  it('adds a number in any form, lists it, blocks it for the dialer, removes it', async () => {
    const added = await call(service, 'POST', '/api/dnc/09876500001', { reason: 'customer asked' });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({
      phone: '+919876500001',
      listed: true,
      reason: 'customer asked',
      since: expect.any(String),
    });
    expect(await list.isBlocked('+91 98765 00001')).toBe(true);
    expect(await list.isBlocked('9876500002')).toBe(false);
    expect(await list.isBlocked('garbage')).toBe(false);

    const before = await countEvents(service);
    expect((await call(service, 'POST', '/api/dnc/%2B919876500001')).body).toMatchObject({
      listed: true,
      reason: 'customer asked',
    });
    expect(await countEvents(service)).toBe(before);

    expect((await call(service, 'GET', '/api/dnc')).body.numbers).toEqual([
      expect.objectContaining({ phone: '+919876500001', listed: true }),
    ]);
    expect((await call(service, 'GET', '/api/dnc/9876500001')).body).toMatchObject({ listed: true });

    const removed = await call(service, 'DELETE', '/api/dnc/9876500001');
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ phone: '+919876500001', listed: false });
    expect(await list.isBlocked('+919876500001')).toBe(false);
    expect((await call(service, 'GET', '/api/dnc')).body.numbers).toEqual([]);

    const types: string[] = [];
    for await (const event of service.app.get<EventStore>(EVENT_STORE).readStream('dnc-919876500001'))
      types.push(event.type);
    expect(types).toEqual(['PhoneAddedToDoNotCall', 'PhoneRemovedFromDoNotCall']);
  });

  it('answers 400 naming phone or reason, 404 when removing a number not on the list, 401 without the key', async () => {
    const badPhone = await call(service, 'POST', '/api/dnc/12');
    expect(badPhone.status).toBe(400);
    expect(badPhone.body).toMatchObject({ error: 'phone.invalid', details: { field: 'phone' } });
    expect((await call(service, 'DELETE', '/api/dnc/abc')).status).toBe(400);
    expect((await call(service, 'GET', '/api/dnc/abc')).status).toBe(400);
    const longReason = await call(service, 'POST', '/api/dnc/9876500003', { reason: 'x'.repeat(201) });
    expect(longReason.status).toBe(400);
    expect(longReason.body).toMatchObject({ details: { field: 'reason' } });
    const notListed = await call(service, 'DELETE', '/api/dnc/9876500004');
    expect(notListed.status).toBe(404);
    expect(notListed.body).toMatchObject({ error: 'dnc.not-found' });
    expect((await fetch(`${service.baseUrl}/api/dnc`)).status).toBe(401);
    expect((await fetch(`${service.baseUrl}/api/dnc/9876500001`, { method: 'POST' })).status).toBe(401);
  });
});
