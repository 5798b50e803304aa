import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { METRICS, type DialerMetricsService } from '../../../src/adapters/observability/dialer.metrics.js';
import type { SqliteEventStore } from '../../../src/adapters/event-store/sqlite.event-store.js';
import {
  AgentCommandMessage,
  ContactCommandMessage,
} from '../../../src/application/commands/command-messages.js';
import { DIALER_METRICS, type DialerMetrics } from '../../../src/application/ports/dialer-metrics.port.js';
import { EVENT_STORE } from '../../../src/application/ports/event-store.port.js';
import { ProjectionsService } from '../../../src/application/projections/projections.service.js';
import { startTestService, type TestService } from '../../support/test-service.js';

const T0 = '2026-03-02T04:30:00.000Z';
const NAMES = [
  'dialer_calls_total',
  'dialer_agents',
  'dialer_queue_depth',
  'dialer_webhook_duration_seconds',
  'dialer_provider_request_duration_seconds',
  'dialer_provider_errors_total',
  'dialer_event_store_append_duration_seconds',
  'dialer_projection_lag_events',
  'dialer_webhook_orphans_total',
  'dialer_calls_closed_by_watchdog_total',
  'dialer_event_store_write_holds_total',
  'dialer_event_store_writes_held_seconds_total',
  'process_cpu_user_seconds_total',
  'nodejs_eventloop_lag_seconds',
];

async function scrape(service: TestService): Promise<{ status: number; type: string | null; text: string }> {
  const response = await fetch(`${service.baseUrl}/metrics`);
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics (real service, real HTTP)', () => {
  let service: TestService;
  let other: TestService;

  beforeAll(async () => {
    [service, other] = await Promise.all([startTestService(), startTestService()]);
    const bus = service.app.get(CommandBus);
    const ctx = (n: number) => ({ commandId: `m-${n}`, actor: 'test' });
    await bus.execute(
      new AgentCommandMessage(
        { type: 'RegisterAgent', agentId: 'ag1', name: 'Asha', phone: '09876543210', at: T0 },
        ctx(1),
      ),
    );
    await bus.execute(
      new AgentCommandMessage({ type: 'MakeAgentAvailable', agentId: 'ag1', at: T0 }, ctx(2)),
    );
    await bus.execute(
      new AgentCommandMessage(
        { type: 'RegisterAgent', agentId: 'ag2', name: 'Ravi', phone: '09876543211', at: T0 },
        ctx(3),
      ),
    );
    await bus.execute(
      new ContactCommandMessage(
        { type: 'AddContact', contactId: 'c1', campaignId: 'k1', phone: '9876500001', at: T0 },
        ctx(4),
      ),
    );
    await bus.execute(
      new ContactCommandMessage(
        { type: 'AddContact', contactId: 'c2', campaignId: 'k1', phone: '9876500002', at: T0 },
        ctx(5),
      ),
    );
    const store = service.app.get<SqliteEventStore>(EVENT_STORE);
    await service.app.get(ProjectionsService).waitFor(store.lastPosition(), 5000);

    const metrics = service.app.get<DialerMetrics>(DIALER_METRICS);
    metrics.callEnded('k1', 'connected');
    metrics.callEnded('k1', 'connected');
    metrics.callEnded('k1', 'busy');
    metrics.callEnded('k1', 'no-answer', 'watchdog');
    metrics.callEnded('k1', 'connected', 'provider');
    metrics.providerRequest('exotel-v1', 'placeCall', 0.2);
    metrics.providerRequest('exotel-v1', 'placeCall', 1.5, 'rate-limited');
    metrics.webhookHandled('exotel-v1', 0.004);
    metrics.orphanCallback('ccm-v2');
    metrics.appendObserved(0.0015);
    metrics.appendObserved(Number.NaN);
  });

  afterAll(() => Promise.all([service.close(), other.close()]));

  it('answers Prometheus text without an API key, naming every documented metric', async () => {
    const { status, type, text } = await scrape(service);
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of NAMES) expect(text).toContain(`# TYPE ${name} `);
  });

  it('counts what the dialer and the edges report through the port', async () => {
    const { text } = await scrape(service);
    expect(sample(text, 'dialer_calls_total{campaign="k1",outcome="connected"}')).toBe(3);
    expect(sample(text, 'dialer_calls_total{campaign="k1",outcome="busy"}')).toBe(1);
    expect(sample(text, 'dialer_calls_total{campaign="k1",outcome="no-answer"}')).toBe(1);
    // one of the five had no final callback: what tells an operator the webhooks may not be arriving
    expect(sample(text, 'dialer_calls_closed_by_watchdog_total{campaign="k1"}')).toBe(1);
    expect(
      sample(
        text,
        'dialer_provider_request_duration_seconds_count{provider="exotel-v1",operation="placeCall"}',
      ),
    ).toBe(2);
    expect(
      sample(
        text,
        'dialer_provider_request_duration_seconds_bucket{le="0.25",provider="exotel-v1",operation="placeCall"}',
      ),
    ).toBe(1);
    expect(sample(text, 'dialer_provider_errors_total{provider="exotel-v1",kind="rate-limited"}')).toBe(1);
    expect(sample(text, 'dialer_webhook_duration_seconds_bucket{le="0.005",provider="exotel-v1"}')).toBe(1);
    expect(sample(text, 'dialer_webhook_orphans_total{provider="ccm-v2"}')).toBe(1);
    expect(sample(text, 'dialer_event_store_append_duration_seconds_count')).toBe(1);
  });

  it('computes agents by state, queue depth and projection lag from the read models at scrape time', async () => {
    const { text } = await scrape(service);
    expect(sample(text, 'dialer_agents{state="available"}')).toBe(1);
    expect(sample(text, 'dialer_agents{state="offline"}')).toBe(1);
    expect(sample(text, 'dialer_agents{state="on-call"}')).toBe(0);
    expect(sample(text, 'dialer_queue_depth{campaign="k1"}')).toBe(2);
    expect(sample(text, 'dialer_projection_lag_events')).toBe(0);
  });

  it('exposes the same service object under METRICS and DIALER_METRICS', () => {
    expect(service.app.get<DialerMetricsService>(METRICS)).toBe(service.app.get(DIALER_METRICS));
  });

  it('keeps one registry per service: a second service in the process counts nothing of the first', async () => {
    const { status, text } = await scrape(other);
    expect(status).toBe(200);
    expect(text).toContain('# TYPE dialer_calls_total counter');
    expect(text).not.toContain('campaign="k1"');
    expect(sample(text, 'dialer_agents{state="available"}')).toBe(0);
  });

  it("reports the writes the SQLite event store held for its checkpointer, from the store's own count", async () => {
    const store = other.app.get<SqliteEventStore>(EVENT_STORE);
    expect(sample((await scrape(other)).text, 'dialer_event_store_write_holds_total')).toBe(0);
    // appends that never pause, about 30 KB each: the checkpointer's passes never find the WAL all copied, so it
    // holds the writes for a finishing pass
    const padding = 'x'.repeat(1_000);
    let expected: bigint | 'no_stream' = 'no_stream';
    for (let batch = 0; batch < 3_000 && store.writeHolds().count === 0; batch += 1) {
      const events = Array.from({ length: 30 }, (_, n) => ({ id: randomUUID(), type: 'Padding', data: { n, padding } }));
      expected = (await store.append('padding-1', events, expected)).nextRevision;
    }
    const held = store.writeHolds();
    expect(held.count).toBeGreaterThan(0);

    const { text } = await scrape(other);
    expect(sample(text, 'dialer_event_store_write_holds_total')).toBeGreaterThanOrEqual(held.count);
    expect(sample(text, 'dialer_event_store_writes_held_seconds_total')).toBeGreaterThanOrEqual(held.totalMs / 1000);
  });
});
