import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isWindowOpen } from '../../src/domain/dialing/calling-window.policy.js';
import { DEFAULT_WINDOW } from '../../src/domain/dialing/calling-window.policy.js';
import type { StoredEvent } from '../../src/application/ports/event-store.port.js';
import { EVENT_STORE, type EventStore } from '../../src/application/ports/event-store.port.js';
import { ProjectionsService } from '../../src/application/projections/projections.service.js';
import type { CampaignMetricsRow } from '../../src/application/projections/metrics.projection.js';
import { VirtualClock } from '../../src/adapters/clock/virtual.clock.js';
import { DialerService } from '../../src/adapters/dialer/dialer.service.js';
import { findAgentOverlaps } from '../../src/adapters/telephony/sandbox/agent-overlap.js';
import type { Sandbox } from '../../src/adapters/telephony/sandbox/sandbox.js';
import { SANDBOX } from '../../src/adapters/telephony/telephony.module.js';
import { runUntil, setUpCampaign } from '../support/campaign-run.js';
import { startTestService, type TestService } from '../support/test-service.js';

const START = '2026-03-02T03:45:00.000Z'; // Monday 09:15 in Kolkata
const CAMPAIGN = 'k500';
const MAX_ATTEMPTS = 3;
const PROFILE = new URL('./fixtures/faulty-day.profile.json', import.meta.url).pathname;

describe('a whole campaign against the sandbox: 10 agents, 500 contacts, busy/no-answer/failed and lost callbacks', () => {
  let service: TestService;
  let clock: VirtualClock;
  let sandbox: Sandbox;
  let events: StoredEvent[];
  let steps: number;

  beforeAll(async () => {
    clock = new VirtualClock(START);
    service = await startTestService({ SANDBOX_PROFILE: PROFILE, SANDBOX_SEED: '7', EXOTEL_CALLS_PER_MINUTE: '60' }, { clock });
    sandbox = service.app.get<Sandbox>(SANDBOX);
    await setUpCampaign(service, { campaignId: CAMPAIGN, agents: 10, contacts: 500, settings: { wrapUpSec: 10, window: DEFAULT_WINDOW } }, START);
    const dialer = service.app.get(DialerService).dialer;
    steps = await runUntil(service, clock, () => dialer.index.campaigns.get(CAMPAIGN)?.state.status === 'completed');
    events = [];
    for await (const event of service.app.get<EventStore>(EVENT_STORE).readAll()) events.push(event);
    const projections = service.app.get(ProjectionsService);
    await projections.waitFor(events[events.length - 1]!.position, 20_000);
  }, 600_000);

  afterAll(() => service?.close());

  const ofType = (type: string) => events.filter((e) => e.type === type);
  const data = (e: StoredEvent) => e.data as Record<string, unknown> & { at: string };

  it('runs to completion', () => {
    const completed = ofType('CampaignCompleted');
    expect(completed).toHaveLength(1);
    expect(steps).toBeGreaterThan(0);
  });

  it('ends every contact done, with counted attempts never above the maximum', () => {
    const dialer = service.app.get(DialerService).dialer;
    const contacts = [...dialer.index.contacts.values()].map((c) => c.state);
    expect(contacts).toHaveLength(500);
    for (const contact of contacts) {
      expect(contact.status).toBe('done');
      if (contact.status !== 'none') expect(contact.countedAttempts).toBeLessThanOrEqual(MAX_ATTEMPTS);
    }
    const dispositions = new Set(contacts.map((c) => (c.status === 'done' ? c.disposition : c.status)));
    expect([...dispositions].every((d) => ['reached', 'exhausted'].includes(d))).toBe(true);
  });

  it('never put one agent on two calls (the sandbox’s own record)', () => {
    expect(findAgentOverlaps(sandbox.calls, clock.now())).toEqual([]);
    expect(sandbox.stats().agentConflicts).toBe(0);
  });

  it('placed no call without a reservation of that very agent for that attempt', () => {
    const reservedBy = new Map(ofType('AgentReserved').map((e) => [data(e).attemptId as string, e]));
    const dialedBy = new Map(ofType('ContactDialed').map((e) => [data(e).attemptId as string, e]));
    const phoneOf = new Map(ofType('AgentRegistered').map((e) => [data(e).agentId as string, data(e).phone as string]));
    expect(sandbox.calls.length).toBeGreaterThan(500);
    for (const call of sandbox.calls) {
      const reservation = reservedBy.get(call.attemptId!);
      const dial = dialedBy.get(call.attemptId!);
      expect(reservation).toBeDefined();
      expect(dial).toBeDefined();
      expect(phoneOf.get(data(reservation!).agentId as string)).toBe(call.agentNumber);
      expect(reservation!.position).toBeLessThan(dial!.position);
      expect(Date.parse(data(dial!).at)).toBeLessThanOrEqual(call.createdAt);
    }
  });

  it('never dialled before a due time or outside the calling window', () => {
    const byContact = new Map<string, StoredEvent[]>();
    for (const event of events.filter((e) => e.streamId.startsWith('contact-'))) byContact.set(event.streamId, [...(byContact.get(event.streamId) ?? []), event]);
    let dials = 0;
    for (const stream of byContact.values()) {
      let dueAt = 0;
      for (const event of stream) {
        if (event.type === 'ContactAdded' || event.type === 'RetryScheduled') dueAt = Date.parse(data(event).dueAt as string);
        if (event.type !== 'ContactDialed') continue;
        dials += 1;
        const at = Date.parse(data(event).at);
        expect(at).toBeGreaterThanOrEqual(dueAt);
        expect(isWindowOpen(DEFAULT_WINDOW, at)).toBe(true);
      }
    }
    expect(dials).toBe(ofType('ContactDialed').length);
  });

  it('adds up: dialed = connected + busy + no-answer + failed + canceled + agent-missed, matching the sandbox', () => {
    const metrics = service.app.get(ProjectionsService).readModels.get<CampaignMetricsRow>('metrics', `campaign:${CAMPAIGN}`)!;
    const { outcomes } = metrics;
    expect(metrics.dialed).toBe(outcomes.connected + outcomes.busy + outcomes['no-answer'] + outcomes.failed + outcomes.canceled + outcomes['agent-missed']);
    expect(metrics.dialed).toBe(ofType('CallTerminated').length);
    expect(metrics.abandoned).toBe(0);
    const sandboxEnded = sandbox.stats().outcomes;
    expect(outcomes.connected).toBe(sandboxEnded.connected);
    expect(outcomes.busy).toBe(sandboxEnded.busy);
  });

  it('closed calls whose callbacks were lost through call details (watchdog), and ignored duplicates', () => {
    const dialer = service.app.get(DialerService).dialer;
    expect(sandbox.stats().callbacks).toMatchObject({ lost: expect.any(Number) });
    expect(dialer.counters.watchdogClosed).toBeGreaterThan(0);
    const terminated = ofType('CallTerminated').map((e) => data(e).attemptId);
    expect(new Set(terminated).size).toBe(terminated.length);
  });
});
