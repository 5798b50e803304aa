import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { contactIdFor } from '../../../../src/application/use-cases/contacts/contact-id.js';
import { startTestService, TEST_API_KEY, type TestService } from '../../../support/test-service.js';
import { call, countEvents, createCampaign } from './api-test-helpers.js';

describe('contacts API: import (JSON and CSV), read, remove', () => {
  let service: TestService;

  const postCsv = async (
    campaignId: string,
    csv: string | Uint8Array | ReadableStream,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${service.baseUrl}/api/campaigns/${campaignId}/contacts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'text/csv', ...headers },
      body: csv,
      duplex: 'half',
    } as RequestInit);
    return {
      status: response.status,
      body: (await response.json()) as Record<string, unknown> & {
        rejected: { row: number; reason: string }[];
      },
    };
  };

  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(() => service.close());

  describe('JSON', () => {
    it('imports rows, normalises numbers to E.164, keeps other keys as string attributes, and reports rejected rows by index + 1', async () => {
      const campaignId = await createCampaign(service);
      const answer = await call(service, 'POST', `/api/campaigns/${campaignId}/contacts`, [
        {
          phone: '09876500001',
          name: 'Asha',
          priority: 5,
          plan: 'gold',
          age: 42,
          vip: true,
          timezone: 'Asia/Kolkata',
        },
        { phone: 'not a number' },
        { id: 'c-explicit', phone: '+91 98765 00002' },
        { phone: '+919876500001' },
        'just a string',
        { phone: '9876500003', priority: 500 },
        { name: 'no phone' },
      ]);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        imported: 2,
        duplicates: 1,
        rejected: [
          { row: 2, reason: expect.stringContaining('phone') },
          { row: 5, reason: 'a contact must be a JSON object' },
          { row: 6, reason: expect.stringContaining('priority') },
          { row: 7, reason: 'phone: is required' },
        ],
        rejectedCount: 4,
      });

      const derived = contactIdFor(campaignId, '+919876500001');
      const contact = await call(service, 'GET', `/api/contacts/${derived}`);
      expect(contact.status).toBe(200);
      expect(contact.body).toMatchObject({
        id: derived,
        campaignId,
        phone: '+919876500001',
        name: 'Asha',
        priority: 5,
        attributes: { plan: 'gold', age: '42', vip: 'true', timezone: 'Asia/Kolkata' },
        status: 'queued',
        isRetry: false,
        countedAttempts: 0,
        attempts: [],
        dispositions: [],
      });
      expect((await call(service, 'GET', '/api/contacts/c-explicit')).body).toMatchObject({
        phone: '+919876500002',
        priority: 0,
      });
    });

    it('answers 404 for an unknown campaign, 400 for a body that is not an array, 415 for another content type', async () => {
      const unknown = await call(service, 'POST', '/api/campaigns/nope/contacts', [{ phone: '9876500001' }]);
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ error: 'campaign.not-found' });
      const campaignId = await createCampaign(service);
      const notArray = await call(service, 'POST', `/api/campaigns/${campaignId}/contacts`, {
        phone: '9876500001',
      });
      expect(notArray.status).toBe(400);
      expect(notArray.body).toMatchObject({ error: 'invalid-request' });
      const xml = await service.api(`/api/campaigns/${campaignId}/contacts`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml' },
        body: '<contacts/>',
      });
      expect(xml.status).toBe(415);
      expect(await xml.json()).toMatchObject({ error: 'unsupported-media-type' });
    });
    it('answers 409 for a stopped campaign (nothing would dial the contacts) and writes nothing', async () => {
      const campaignId = await createCampaign(service);
      expect((await call(service, 'POST', `/api/campaigns/${campaignId}/start`)).status).toBe(200);
      expect((await call(service, 'POST', `/api/campaigns/${campaignId}/stop`)).status).toBe(200);
      const before = await countEvents(service);
      const answer = await call(service, 'POST', `/api/campaigns/${campaignId}/contacts`, [{ phone: '9876500021' }]);
      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({ error: 'campaign.closed', message: expect.stringContaining('stopped') });
      expect(await countEvents(service)).toBe(before);
    });
  });

  describe('CSV', () => {
    const csv = [
      'phone,name,priority,timezone,city,segment',
      '09876500011,Ravi,3,Asia/Kolkata,Pune,A',
      '"+91 98765 00012","Iyer, Meera",,,"Navi ""New"" Mumbai",',
      '12345,Too Short,,,,',
      '9876500013,Bad priority,high,,,',
      '9876500011,Ravi again,,,,',
      '9876500014,Bad zone,,Mars/Base,,',
      '9876500015,Too,many,fields,,,,',
      '',
      '9876500016,After a blank line',
    ].join('\r\n');

    it('imports a CSV with a header, rejects bad rows with their line and reason, skips duplicates', async () => {
      const campaignId = await createCampaign(service);
      const answer = await postCsv(campaignId, csv);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ imported: 3, duplicates: 1, rejectedCount: 4 });
      expect(answer.body.rejected).toEqual([
        { row: 4, reason: expect.stringMatching(/^phone: phone number \*+2345 /) },
        { row: 5, reason: 'priority: must be a whole number from 0 to 100' },
        { row: 7, reason: expect.stringContaining('timezone') },
        { row: 8, reason: 'has 8 fields, the header has 6' },
      ]);
      const meera = await call(service, 'GET', `/api/contacts/${contactIdFor(campaignId, '+919876500012')}`);
      expect(meera.body).toMatchObject({ name: 'Iyer, Meera', attributes: { city: 'Navi "New" Mumbai' } });
      expect(meera.body.attributes).not.toHaveProperty('segment');
      const ravi = await call(service, 'GET', `/api/contacts/${contactIdFor(campaignId, '+919876500011')}`);
      expect(ravi.body).toMatchObject({
        name: 'Ravi',
        priority: 3,
        attributes: { timezone: 'Asia/Kolkata', city: 'Pune', segment: 'A' },
      });
    });

    it('re-importing the same file adds nothing and writes no event', async () => {
      const campaignId = await createCampaign(service);
      expect((await postCsv(campaignId, csv)).body.imported).toBe(3);
      const before = await countEvents(service);
      const again = await postCsv(campaignId, csv);
      expect(again.body).toMatchObject({ imported: 0, duplicates: 4, rejectedCount: 4 });
      expect(await countEvents(service)).toBe(before);
    });

    it('the same number in another campaign is a new contact there', async () => {
      const first = await createCampaign(service);
      const second = await createCampaign(service);
      expect((await postCsv(first, 'phone\n9876500099\n')).body.imported).toBe(1);
      expect((await postCsv(second, 'phone\n9876500099\n')).body.imported).toBe(1);
    });

    it('rejects a row whose id belongs to another campaign', async () => {
      const first = await createCampaign(service);
      const second = await createCampaign(service);
      expect((await postCsv(first, 'id,phone\nshared-id,9876500051\n')).body.imported).toBe(1);
      const clash = await postCsv(second, 'id,phone\nshared-id,9876500052\n');
      expect(clash.body).toMatchObject({
        imported: 0,
        rejected: [{ row: 2, reason: expect.stringContaining('another campaign') }],
      });
    });

    it('answers 400 for a header without phone, an empty file or a duplicated column; 404 for an unknown campaign', async () => {
      const campaignId = await createCampaign(service);
      const noPhone = await postCsv(campaignId, 'name,city\nAsha,Pune\n');
      expect(noPhone.status).toBe(400);
      expect(noPhone.body).toMatchObject({ error: 'invalid-csv', details: [{ field: 'phone' }] });
      expect((await postCsv(campaignId, '')).status).toBe(400);
      const twice = await postCsv(campaignId, 'phone,Phone\n1,2\n');
      expect(twice.status).toBe(400);
      expect(twice.body.message).toContain('twice');
      expect((await postCsv('nope', 'phone\n9876500001\n')).status).toBe(404);
    });

    it('streams ~20,000 rows (well over the 1 MB JSON limit) from a chunked request body', async () => {
      const campaignId = await createCampaign(service);
      const total = 20_000;
      const encoder = new TextEncoder();
      let next = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (next === 0) controller.enqueue(encoder.encode('phone,name,ref,notes\n'));
          if (next >= total) return controller.close();
          const lines: string[] = [];
          for (const end = Math.min(total, next + 1000); next < end; next++) {
            lines.push(
              `+9198${String(next).padStart(8, '0')},Customer ${next},REF-${next},"Some notes, with a comma, to make the file bigger than one megabyte"`,
            );
          }
          controller.enqueue(encoder.encode(`${lines.join('\n')}\n`));
        },
      });
      const started = performance.now();
      const answer = await postCsv(campaignId, body);
      const seconds = (performance.now() - started) / 1000;
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ imported: total, duplicates: 0, rejectedCount: 0 });
      const stats = await call(service, 'GET', `/api/campaigns/${campaignId}/stats`);
      expect(stats.body.queue).toMatchObject({ total, queued: total });
      process.stdout.write(
        `imported ${total} CSV rows in ${seconds.toFixed(1)} s (${Math.round(total / seconds)} rows/s)\n`,
      );
    }, 120_000);
  });

  describe('GET and DELETE /api/contacts/:id', () => {
    it('removes a contact (done, removed) and answers 404 for an unknown one, 400 for a bad id', async () => {
      const campaignId = await createCampaign(service);
      await call(service, 'POST', `/api/campaigns/${campaignId}/contacts`, [
        { id: 'to-remove', phone: '9876500031' },
      ]);
      const removed = await call(service, 'DELETE', '/api/contacts/to-remove');
      expect(removed.status).toBe(200);
      expect(removed.body).toMatchObject({ id: 'to-remove', status: 'done', disposition: 'removed' });
      const stats = await call(service, 'GET', `/api/campaigns/${campaignId}/stats`);
      expect(stats.body.queue).toMatchObject({ completed: 1, byDisposition: { removed: 1 } });

      expect((await call(service, 'GET', '/api/contacts/nobody')).status).toBe(404);
      expect((await call(service, 'DELETE', '/api/contacts/nobody')).status).toBe(404);
      expect((await call(service, 'GET', '/api/contacts/bad%20id')).status).toBe(400);
      expect((await call(service, 'DELETE', '/api/contacts/bad%20id')).status).toBe(400);
    });
  });
});
