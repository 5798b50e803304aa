/**
 * Provider faults end to end: the real service (SQLite, HTTP, virtual clock) dialling through the real Exotel v1
 * and CCM v2 adapters (TELEPHONY=exotel-v1, EXOTEL_BASE_URL / CCM_BASE_URL pointing at a sandbox this test owns)
 * while the sandbox misbehaves on the API: a 429 storm, 5xx answers and connection resets (nothing placed), hung
 * requests whose call WAS placed (the answer never arrives), and slow answers. Then the faults stop and the
 * campaigns must finish. The sandbox's own record is the judge: no attempt placed twice, no contact on two calls
 * at once, no agent on two calls at once, every call the dialer placed known to it; every contact done with its
 * counted attempts within the maximum. A second service with a wrong API token finds its campaign paused, with the
 * reason visible in the API and in the log.
 *
 * The adapters' own reactions to each fault (error kinds, timeouts) are covered by the telephony contract suite
 * and the dialer's model test (scripted telephony); this is the same through real HTTP, the real dialer and store.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
import {
  AgentCommandMessage,
  CampaignCommandMessage,
  ContactCommandMessage,
} from '../../src/application/commands/command-messages.js';
import {
  EVENT_STORE,
  type EventStore,
  type StoredEvent,
} from '../../src/application/ports/event-store.port.js';
import { WEBHOOK_URLS } from '../../src/application/ports/telephony.port.js';
import type { CampaignSettingsInput } from '../../src/domain/campaign/campaign-settings.js';
import { VirtualClock } from '../../src/adapters/clock/virtual.clock.js';
import { DialerService } from '../../src/adapters/dialer/dialer.service.js';
import { findAgentOverlaps } from '../../src/adapters/telephony/sandbox/agent-overlap.js';
import { startSandbox, type Sandbox } from '../../src/adapters/telephony/sandbox/sandbox.js';
import { loadProfile } from '../../src/adapters/telephony/sandbox/sandbox.profile.js';
import type { SandboxFaults } from '../../src/adapters/telephony/sandbox/http-faults.js';
import type { RecordedRequest, SandboxCall } from '../../src/adapters/telephony/sandbox/sandbox-call.js';
import type { WebhookUrlBook } from '../../src/adapters/telephony/webhook-urls.js';
import { forCallsPerMinute } from '../../src/domain/dialing/rate-limiter.policy.js';
import { readyMissedAgents } from '../support/campaign-run.js';
import { startTestService, type TestService } from '../support/test-service.js';

const START = '2026-03-02T03:45:00.000Z'; // Monday 09:15 in Kolkata
const ACCOUNT = { accountSid: 'acct-faults', apiKey: 'faults-key', apiToken: 'faults-token-right' };
const CALLS_PER_MINUTE = 60;
const MAX_ATTEMPTS = 3;
const ALL_DAY = { timeZone: 'Asia/Kolkata', days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '23:59' };
const RETRY = {
  busy: { retryAfterSec: 120, maxAttempts: MAX_ATTEMPTS },
  'no-answer': { retryAfterSec: 180, maxAttempts: MAX_ATTEMPTS },
  failed: { retryAfterSec: 120, maxAttempts: MAX_ATTEMPTS },
};
const MINUTE = 60_000;
const PROFILE = new URL('./fixtures/faulty-day.profile.json', import.meta.url).pathname;

interface Plan {
  readonly campaignId: string;
  readonly provider: 'exotel-v1' | 'ccm-v2';
  readonly agents: number;
  readonly contacts: number;
  /** Distinct number ranges per campaign. */
  readonly numberBase: number;
}

const PLANS: readonly Plan[] = [
  { campaignId: 'v1', provider: 'exotel-v1', agents: 8, contacts: 90, numberBase: 10_000_000 },
  { campaignId: 'ccm', provider: 'ccm-v2', agents: 3, contacts: 30, numberBase: 20_000_000 },
];

/** The service dialling through the real adapters at a sandbox on the same virtual clock. */
async function startAgainstSandbox(
  clock: VirtualClock,
  sandbox: Sandbox,
  apiToken: string,
): Promise<TestService> {
  const service = await startTestService(
    {
      TELEPHONY: 'exotel-v1',
      EXOTEL_API_KEY: ACCOUNT.apiKey,
      EXOTEL_API_TOKEN: apiToken,
      EXOTEL_ACCOUNT_SID: ACCOUNT.accountSid,
      EXOTEL_CALLER_ID: '+918047112233',
      EXOTEL_BASE_URL: sandbox.baseUrl,
      CCM_BASE_URL: sandbox.baseUrl,
      EXOTEL_CALLS_PER_MINUTE: String(CALLS_PER_MINUTE),
      // required with a real provider; replaced by this service's own address below (the port is free-chosen)
      PUBLIC_BASE_URL: 'http://127.0.0.1:9',
    },
    { clock },
  );
  (service.app.get(WEBHOOK_URLS) as WebhookUrlBook).listeningAt(service.baseUrl, true);
  return service;
}

let commandNo = 0;
const context = () => ({ commandId: `faults-setup-${(commandNo += 1)}`, actor: 'test' });

async function setUp(
  service: TestService,
  plan: Plan,
  settings: Partial<CampaignSettingsInput> = {},
): Promise<void> {
  const bus = service.app.get(CommandBus);
  const { campaignId } = plan;
  const at = START;
  await bus.execute(
    new CampaignCommandMessage(
      {
        type: 'CreateCampaign',
        campaignId,
        at,
        settings: {
          name: `Faults ${campaignId}`,
          callerId: '+918047112233',
          provider: plan.provider,
          window: ALL_DAY,
          retry: RETRY,
          wrapUpSec: 10,
          ...settings,
        },
      },
      context(),
    ),
  );
  for (let n = 1; n <= plan.agents; n += 1) {
    const agentId = `${campaignId}-agent-${n}`;
    await bus.execute(
      new AgentCommandMessage(
        { type: 'RegisterAgent', agentId, name: `Agent ${n}`, phone: `+9199${plan.numberBase + n}`, at },
        context(),
      ),
    );
    await bus.execute(
      new CampaignCommandMessage({ type: 'AssignAgent', campaignId, agentId, at }, context()),
    );
    await bus.execute(new AgentCommandMessage({ type: 'MakeAgentAvailable', agentId, at }, context()));
  }
  for (let n = 1; n <= plan.contacts; n += 1) {
    await bus.execute(
      new ContactCommandMessage(
        {
          type: 'AddContact',
          contactId: `${campaignId}-contact-${n}`,
          campaignId,
          phone: `+9198${plan.numberBase + n}`,
          at,
        },
        context(),
      ),
    );
  }
  await bus.execute(new CampaignCommandMessage({ type: 'StartCampaign', campaignId, at }, context()));
}

/** Nothing under way in the dialer (provider requests included) nor in the sandbox (callback POSTs). */
async function quiesce(service: TestService, sandbox: Sandbox): Promise<void> {
  const dialer = service.app.get(DialerService).dialer;
  for (let calm = 0; calm < 3;) {
    await dialer.idle();
    await sandbox.settled();
    await new Promise((resolve) => setTimeout(resolve, 2));
    calm = dialer.isIdle() ? calm + 1 : 0;
  }
}

/** Moves virtual time timer by timer (at most a minute at a time) until `until` or `done()`. */
async function run(
  service: TestService,
  sandbox: Sandbox,
  clock: VirtualClock,
  until: number,
  done: () => boolean = () => false,
): Promise<void> {
  await quiesce(service, sandbox);
  while (!done() && clock.now() < until) {
    await readyMissedAgents(service, clock);
    const next = clock.nextTimerAt() ?? Number.POSITIVE_INFINITY;
    clock.advanceTo(Math.min(next, clock.now() + MINUTE, until));
    await quiesce(service, sandbox);
  }
}

async function allEvents(service: TestService): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for await (const event of service.app.get<EventStore>(EVENT_STORE).readAll()) events.push(event);
  return events;
}

const isDialRequest = (request: RecordedRequest) =>
  request.method === 'POST' &&
  (request.path.endsWith('/Calls/connect.json') || /\/v2\/accounts\/[^/]+\/calls$/.test(request.path));

describe('provider faults end to end (real adapters over HTTP, sandbox faults)', () => {
  let clock: VirtualClock;
  let sandbox: Sandbox;
  let service: TestService;
  let events: StoredEvent[];
  const phases: { name: string; from: number; to: number; faults: SandboxFaults }[] = [];
  const injected = { rateLimited: 0, serverErrors: 0, resets: 0, hung: 0, slow: 0 };

  /** Runs a phase of virtual time with the given faults switched on, and notes what was injected. */
  async function phase(
    name: string,
    durationMs: number,
    faults: SandboxFaults,
    done?: () => boolean,
  ): Promise<void> {
    const from = clock.now();
    const before = sandbox.stats().requests;
    const requestsBefore = sandbox.requests.length;
    sandbox.setFaults(faults);
    await run(service, sandbox, clock, from + durationMs, done);
    sandbox.setFaults({});
    // requests still under way are answered without faults; what follows runs clean
    await quiesce(service, sandbox);
    const after = sandbox.stats().requests;
    injected.rateLimited += after.rateLimited - before.rateLimited;
    injected.serverErrors += after.serverErrors - before.serverErrors;
    injected.resets += after.resets - before.resets;
    injected.hung += after.hung - before.hung;
    if (faults.slowMs !== undefined) injected.slow += sandbox.requests.length - requestsBefore;
    phases.push({ name, from, to: clock.now(), faults });
  }

  const dialer = () => service.app.get(DialerService).dialer;
  const completed = () =>
    PLANS.every((plan) => dialer().index.campaigns.get(plan.campaignId)?.state.status === 'completed');

  beforeAll(async () => {
    clock = new VirtualClock(START);
    // answered callbacks without CustomField, some lost, late or duplicated: a hung request's call is mostly found
    // through the call search (its answered callback names no attempt), sometimes from its terminal callback first
    sandbox = await startSandbox({ ...ACCOUNT, seed: 11, clock, profile: await loadProfile(PROFILE) });
    service = await startAgainstSandbox(clock, sandbox, ACCOUNT.apiToken);
    for (const plan of PLANS) await setUp(service, plan);

    await phase('warm-up', 3 * MINUTE, {});
    await phase('429 storm', 3 * MINUTE, { rateLimit: 1 });
    await phase('recovery', 3 * MINUTE, {});
    await phase('5xx and resets', 5 * MINUTE, { serverError: 0.25, reset: 0.15 });
    await phase('hung requests (the call is placed, the answer never comes)', 2 * MINUTE, { timeoutMs: 40 });
    await phase('slow answers', 3 * MINUTE, { slowMs: 150 });
    await phase('no faults, until done', 12 * 60 * MINUTE, {}, completed);
    events = await allEvents(service);

    const calls = sandbox.calls.length;
    const reused = calls - new Set(sandbox.calls.map((call) => call.attemptId)).size;
    console.log(
      [
        `provider faults: ${calls} calls placed (${sandbox.calls.filter((c) => c.api === 'v1').length} v1, ${sandbox.calls.filter((c) => c.api === 'v2').length} CCM), ${sandbox.stats().requests.requests} API requests, attempts placed twice: ${reused}`,
        `  faults injected: 429 ×${injected.rateLimited}, 5xx ×${injected.serverErrors}, connection resets ×${injected.resets}, hung (call placed, no answer) ×${injected.hung}, slow answers ×${injected.slow}`,
        `  dialer: ${dialer().counters.lookups} provider lookups, ${dialer().counters.dialRejected} dials rejected, ${dialer().counters.watchdogClosed} closed by the watchdog`,
        ...phases.map(
          (p) =>
            `  ${p.name.padEnd(62)} ${new Date(p.from).toISOString().slice(11, 19)}–${new Date(p.to).toISOString().slice(11, 19)}  dial requests ${sandbox.requests.filter((r) => isDialRequest(r) && r.receivedAt >= p.from && r.receivedAt < p.to).length}`,
        ),
      ].join('\n'),
    );
  }, 600_000);

  afterAll(async () => {
    await service?.close();
    await sandbox?.close();
  });

  const ofType = (type: string) => events.filter((event) => event.type === type);
  const data = (event: StoredEvent) => event.data as Record<string, unknown>;

  it('injected every kind of fault', () => {
    expect(injected.rateLimited).toBeGreaterThan(0);
    expect(injected.serverErrors).toBeGreaterThan(0);
    expect(injected.resets).toBeGreaterThan(0);
    expect(injected.hung).toBeGreaterThan(0);
    expect(injected.slow).toBeGreaterThan(0);
  });

  it('completes both campaigns once the faults are off', () => {
    expect(
      ofType('CampaignCompleted')
        .map((e) => data(e).campaignId)
        .sort(),
    ).toEqual(['ccm', 'v1']);
  });

  it('ends every contact done, with counted attempts never above the maximum', () => {
    const contacts = [...dialer().index.contacts.values()].map((entry) => entry.state);
    expect(contacts).toHaveLength(PLANS.reduce((sum, plan) => sum + plan.contacts, 0));
    for (const contact of contacts) {
      expect(contact.status).toBe('done');
      if (contact.status !== 'none') expect(contact.countedAttempts).toBeLessThanOrEqual(MAX_ATTEMPTS);
    }
  });

  it('never placed an attempt twice, nor put a contact on two calls at once (the sandbox’s record)', () => {
    const attempts = sandbox.calls.map((call) => call.attemptId);
    expect(attempts.every((attemptId) => attemptId !== undefined)).toBe(true);
    expect(new Set(attempts).size).toBe(attempts.length);
    const byCustomer = new Map<string, SandboxCall[]>();
    for (const call of sandbox.calls)
      byCustomer.set(call.customerNumber, [...(byCustomer.get(call.customerNumber) ?? []), call]);
    for (const calls of byCustomer.values()) {
      const sorted = [...calls].sort((a, b) => a.createdAt - b.createdAt);
      for (let i = 1; i < sorted.length; i += 1)
        expect(sorted[i]!.createdAt).toBeGreaterThanOrEqual(
          sorted[i - 1]!.endedAt ?? Number.POSITIVE_INFINITY,
        );
      // never more calls than counted attempts allow, plus the ones that do not count (agent missed, canceled…)
      expect(calls.length).toBeLessThanOrEqual(
        ofType('ContactDialed').filter((e) => data(e).phone === calls[0]!.customerNumber).length,
      );
    }
  });

  it('never put one agent on two calls', () => {
    expect(findAgentOverlaps(sandbox.calls, clock.now())).toEqual([]);
    expect(sandbox.stats().agentConflicts).toBe(0);
  });

  it('knows every call it placed: hung requests were found through the provider’s call search, not dialled again', () => {
    const known = new Set([...ofType('CallPlaced'), ...ofType('CallTerminated')].map((e) => data(e).callSid));
    expect(sandbox.calls.filter((call) => !known.has(call.callSid)).map((call) => call.callSid)).toEqual([]);
    // the hung requests placed calls whose answer never came: the dialer learned their sids by looking them up
    const hung = phases.find((p) => p.faults.timeoutMs !== undefined)!;
    const placedWhileHung = sandbox.calls.filter(
      (call) => call.createdAt >= hung.from && call.createdAt < hung.to,
    );
    expect(placedWhileHung.length).toBeGreaterThan(0);
    const found = new Set(
      events
        .filter((e) => e.type === 'CallPlaced' && String(e.metadata.causationId ?? '').endsWith(':found'))
        .map((e) => data(e).attemptId),
    );
    const learnedLater = placedWhileHung.filter(
      (call) =>
        found.has(call.attemptId) ||
        ofType('CallTerminated').some((e) => data(e).attemptId === call.attemptId),
    );
    const byLookup = placedWhileHung.filter((call) => found.has(call.attemptId)).length;
    console.log(
      `hung requests: ${placedWhileHung.length} calls placed without an answer; ${byLookup} found through the call search, ${placedWhileHung.length - byLookup} learned from their callbacks first`,
    );
    expect(learnedLater).toHaveLength(placedWhileHung.length);
    expect(byLookup).toBeGreaterThan(0);
    expect(dialer().counters.lookups).toBeGreaterThan(0);
  });

  it('after a 5xx or a reset (nothing placed) it looked the attempt up, found no call, and dialled the contact again later', () => {
    const notPlaced = ofType('DialRejected').filter(
      (e) => data(e).reason === 'not-placed' && String(data(e).detail).includes('no call found'),
    );
    expect(notPlaced.length).toBeGreaterThan(0);
    for (const rejection of notPlaced)
      expect(sandbox.calls.some((call) => call.attemptId === data(rejection).attemptId)).toBe(false);
  });

  const dialsIn = (p: { from: number; to: number }) =>
    sandbox.requests
      .filter((r) => isDialRequest(r) && r.receivedAt >= p.from && r.receivedAt < p.to)
      .map((r) => r.receivedAt);
  const perMinute = (count: number, p: { from: number; to: number }) => count / ((p.to - p.from) / MINUTE);

  it('slows down in a 429 storm: after the first refusals one request per refill interval at most, no bursts; full speed again afterwards', () => {
    const storm = phases.find((p) => p.faults.rateLimit === 1)!;
    const warmUp = phases.find((p) => p.name === 'warm-up')!;
    const dials = dialsIn(storm);
    const gaps = dials.slice(1).map((at, i) => at - dials[i]!);
    console.log(
      `429 storm: ${dials.length} dial requests (${perMinute(dials.length, storm).toFixed(1)}/min) against ${perMinute(dialsIn(warmUp).length, warmUp).toFixed(1)}/min before it; gaps ${[...new Set(gaps.map((gap) => `${(gap / 1000).toFixed(1)}s`))].join(' ')}`,
    );
    expect(dials.length).toBeGreaterThan(0);
    const bucket = forCallsPerMinute(CALLS_PER_MINUTE, 0);
    const interval = 1 / bucket.refillPerMs;
    // requests already granted when the first 429 came (at most a burst) may go together; every later one waits a token
    expect(Math.min(...gaps.slice(bucket.capacity))).toBeGreaterThanOrEqual(interval - 1);
    expect(dials.length).toBeLessThanOrEqual(bucket.capacity + Math.ceil((storm.to - storm.from) / interval));
    // recovery: calls are placed again as soon as the storm is over
    const recovery = phases.find((p) => p.name === 'recovery')!;
    expect(
      sandbox.calls.filter(
        (call) => call.createdAt >= recovery.from && call.createdAt < recovery.from + 2 * MINUTE,
      ).length,
    ).toBeGreaterThan(0);
    // the contacts refused with 429 were not charged an attempt: dialled again later, all done (above)
    expect(ofType('DialRejected').filter((e) => data(e).reason === 'rate-limited').length).toBeGreaterThan(0);
  });

  // each refusal that follows the end of the last wait doubles the next wait (slowDown, up to a minute), so a
  // provider that keeps refusing is asked less often than it is in normal dialling, not once every refill interval
  it('backs off in a 429 storm: the request rate drops below the rate of normal dialling', () => {
    const storm = phases.find((p) => p.faults.rateLimit === 1)!;
    const warmUp = phases.find((p) => p.name === 'warm-up')!;
    expect(perMinute(dialsIn(storm).length, storm)).toBeLessThan(perMinute(dialsIn(warmUp).length, warmUp));
  });
});

describe('credentials rejected by the provider (401)', () => {
  let clock: VirtualClock;
  let sandbox: Sandbox;
  let service: TestService;

  beforeAll(async () => {
    clock = new VirtualClock(START);
    sandbox = await startSandbox({ ...ACCOUNT, seed: 3, clock });
    service = await startAgainstSandbox(clock, sandbox, 'faults-token-WRONG');
    await setUp(service, {
      campaignId: 'locked',
      provider: 'exotel-v1',
      agents: 2,
      contacts: 5,
      numberBase: 30_000_000,
    });
    await run(service, sandbox, clock, clock.now() + 5 * MINUTE);
  }, 60_000);

  afterAll(async () => {
    await service?.close();
    await sandbox?.close();
  });

  it('pauses the campaign with the reason, visible in the API and in the log, and places no call', async () => {
    expect(sandbox.stats().requests.unauthorized).toBeGreaterThan(0);
    expect(sandbox.calls).toHaveLength(0);
    const answer = await service.api('/api/campaigns/locked');
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ status: 'paused', pauseReason: 'provider:unauthorized' });
    const paused = (await allEvents(service)).filter((e) => e.type === 'CampaignPaused');
    expect(paused).toHaveLength(1);
    expect(paused[0]!.data).toMatchObject({ campaignId: 'locked', reason: 'provider:unauthorized' });
  });

  it('leaves the contacts queued with no attempt counted, and stops asking the provider', async () => {
    const contacts = [...service.app.get(DialerService).dialer.index.contacts.values()].map(
      (entry) => entry.state,
    );
    expect(contacts).toHaveLength(5);
    for (const contact of contacts) {
      expect(contact.status).toBe('queued');
      if (contact.status !== 'none') expect(contact.countedAttempts).toBe(0);
    }
    const requests = sandbox.requests.length;
    await run(service, sandbox, clock, clock.now() + 10 * MINUTE);
    expect(sandbox.requests.length).toBe(requests);
  });
});
