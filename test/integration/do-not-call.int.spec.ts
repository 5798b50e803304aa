import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { VirtualClock } from '../../src/adapters/clock/virtual.clock.js';
import { DialerService } from '../../src/adapters/dialer/dialer.service.js';
import type { Sandbox } from '../../src/adapters/telephony/sandbox/sandbox.js';
import { SANDBOX } from '../../src/adapters/telephony/telephony.module.js';
import { contactPhone, runUntil, setUpCampaign } from '../support/campaign-run.js';
import { startTestService, type TestService } from '../support/test-service.js';

const START = '2026-03-02T04:00:00.000Z';

describe('the internal do-not-call list, checked just before every dial', () => {
  let service: TestService;
  let clock: VirtualClock;

  beforeAll(async () => {
    clock = new VirtualClock(START);
    service = await startTestService({ SANDBOX_SEED: '3' }, { clock });
    const listed = await service.api(`/api/dnc/${encodeURIComponent(contactPhone(2))}`, { method: 'POST', json: { reason: 'asked on the phone' } });
    expect(listed.status).toBeLessThan(300);
    await setUpCampaign(service, { campaignId: 'dnc', agents: 1, contacts: 3, settings: { window: { timeZone: 'Asia/Kolkata', days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '23:59' } } }, START);
    const dialer = service.app.get(DialerService).dialer;
    await runUntil(service, clock, () => dialer.index.campaigns.get('dnc')?.state.status === 'completed');
  }, 120_000);

  afterAll(() => service?.close());

  it('never calls a listed number and closes that contact as do-not-call', () => {
    const sandbox = service.app.get<Sandbox>(SANDBOX);
    expect(sandbox.calls.some((call) => call.customerNumber === contactPhone(2))).toBe(false);
    expect(sandbox.calls.some((call) => call.customerNumber === contactPhone(1))).toBe(true);
    const contact = service.app.get(DialerService).dialer.index.contacts.get('dnc-contact-2')?.state;
    expect(contact).toMatchObject({ status: 'done', disposition: 'do-not-call' });
  });
});
