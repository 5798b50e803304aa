import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DialerMetrics } from '../../application/ports/dialer-metrics.port.js';
import { EVENT_STORE, type EventStore } from '../../application/ports/event-store.port.js';
import { READ_MODEL_STORE, type ReadModelStore } from '../../application/ports/read-model-store.port.js';
import { presenceProjection, type PresenceRow } from '../../application/projections/presence.projection.js';
import { ProjectionsService } from '../../application/projections/projections.service.js';
import { queueKeys, queueProjection, type QueueRow } from '../../application/projections/queue.projection.js';
import type { CallClosedBy, CallOutcome } from '../../domain/dialing/outcome.mapping.js';
import { writeHoldsOf } from '../event-store/sqlite.event-store.js';
import { projectionLag } from './projection-lag.js';
import { withTimeout } from './with-timeout.js';

export const METRICS = Symbol('METRICS');

/**
 * The service's Prometheus metrics (`GET /metrics`), in a registry of their own so several services can run in one
 * process. Gauges marked "at scrape" are computed from the read models when Prometheus asks; the rest are recorded
 * as things happen through the `DialerMetrics` port.
 *
 * | metric                                                   | type      | meaning                                                                  |
 * |----------------------------------------------------------|-----------|--------------------------------------------------------------------------|
 * | dialer_calls_total{campaign,outcome}                     | counter   | attempts that ended, by outcome (connected, busy, no-answer, failed, canceled, agent-missed) |
 * | dialer_agents{state}                                     | gauge     | at scrape: registered agents per state (presence read model)            |
 * | dialer_queue_depth{campaign}                             | gauge     | at scrape: contacts waiting to be dialled (queued + retries pending) per campaign known to the service (see below) |
 * | dialer_webhook_duration_seconds{provider}                | histogram | time to handle one provider callback                                     |
 * | dialer_provider_request_duration_seconds{provider,operation} | histogram | time of one request to the provider (placeCall, getCall, …)         |
 * | dialer_provider_errors_total{provider,kind}              | counter   | failed provider requests by `TelephonyErrorKind`                         |
 * | dialer_event_store_append_duration_seconds               | histogram | time of one append to the event store                                    |
 * | dialer_projection_lag_events                             | gauge     | at scrape: events stored but not yet in the read models (counted up to 10,001 on stores without dense positions) |
 * | dialer_webhook_orphans_total{provider}                   | counter   | callbacks that matched no known attempt                                  |
 * | dialer_event_store_write_holds_total                     | counter   | at scrape: times the SQLite event store held its writes for a checkpoint to finish (the WAL starting over under steady writes) |
 * | dialer_event_store_writes_held_seconds_total             | counter   | at scrape: the time those holds lasted (each callback arriving meanwhile waits for it) |
 * | process_*, nodejs_*                                      |           | prom-client's default process metrics (CPU, memory, event loop lag, GC)  |
 *
 * Queue depth reads one summary row per campaign; campaigns are found through the agents assigned to them
 * (presence rows) and the calls that ended since start, never by listing the queue (one row per contact).
 */
@Injectable()
export class DialerMetricsService implements DialerMetrics, OnModuleDestroy {
  static readonly LAG_COUNT_CAP = 10_000;
  readonly registry = new Registry();
  private readonly campaignsSeen = new Set<string>();
  private readonly calls: Counter<'campaign' | 'outcome'>;
  private readonly closedByWatchdog: Counter<'campaign'>;
  private readonly webhookDuration: Histogram<'provider'>;
  private readonly providerDuration: Histogram<'provider' | 'operation'>;
  private readonly providerErrors: Counter<'provider' | 'kind'>;
  private readonly appendDuration: Histogram;
  private readonly orphans: Counter<'provider'>;

  constructor(
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(ProjectionsService) private readonly projections: ProjectionsService,
  ) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.calls = new Counter({
      name: 'dialer_calls_total',
      help: 'Attempts that ended, by campaign and outcome.',
      labelNames: ['campaign', 'outcome'],
      registers,
    });
    this.closedByWatchdog = new Counter({
      name: 'dialer_calls_closed_by_watchdog_total',
      help: 'Attempts closed from call details because their final callback never came (webhooks lost or not reaching the service).',
      labelNames: ['campaign'],
      registers,
    });
    this.webhookDuration = new Histogram({
      name: 'dialer_webhook_duration_seconds',
      help: 'Time to handle one provider callback.',
      labelNames: ['provider'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
    this.providerDuration = new Histogram({
      name: 'dialer_provider_request_duration_seconds',
      help: 'Time of one request to the telephony provider.',
      labelNames: ['provider', 'operation'],
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers,
    });
    this.providerErrors = new Counter({
      name: 'dialer_provider_errors_total',
      help: 'Failed provider requests by error kind.',
      labelNames: ['provider', 'kind'],
      registers,
    });
    this.appendDuration = new Histogram({
      name: 'dialer_event_store_append_duration_seconds',
      help: 'Time of one append to the event store.',
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
    this.orphans = new Counter({
      name: 'dialer_webhook_orphans_total',
      help: 'Provider callbacks that matched no known attempt.',
      labelNames: ['provider'],
      registers,
    });
    const agents: Gauge<'state'> = new Gauge({
      name: 'dialer_agents',
      help: 'Registered agents by state (presence read model).',
      labelNames: ['state'],
      registers,
      collect: () => this.countAgents(agents),
    });
    const queues: Gauge<'campaign'> = new Gauge({
      name: 'dialer_queue_depth',
      help: 'Contacts waiting to be dialled (queued + retries pending) per campaign.',
      labelNames: ['campaign'],
      registers,
      collect: () => this.measureQueues(queues),
    });
    const lag: Gauge = new Gauge({
      name: 'dialer_projection_lag_events',
      help: 'Events stored but not yet applied to the read models (NaN when the store did not answer).',
      registers,
      collect: () => this.measureLag(lag),
    });
    const holds = following(
      new Counter({
        name: 'dialer_event_store_write_holds_total',
        help: 'Times the SQLite event store held its writes while its checkpointer finished a pass (0 on other stores).',
        registers,
        collect: () => holds(writeHoldsOf(this.events).count),
      }),
    );
    const heldSeconds = following(
      new Counter({
        name: 'dialer_event_store_writes_held_seconds_total',
        help: 'Time the SQLite event store held its writes for its checkpointer: callbacks arriving meanwhile wait for it.',
        registers,
        collect: () => heldSeconds(writeHoldsOf(this.events).totalMs / 1000),
      }),
    );
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text exposition of every metric. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  callEnded(campaignId: string, outcome: CallOutcome, closedBy?: CallClosedBy): void {
    this.campaignsSeen.add(campaignId);
    this.calls.inc({ campaign: campaignId, outcome });
    if (closedBy === 'watchdog') this.closedByWatchdog.inc({ campaign: campaignId });
  }

  providerRequest(provider: string, operation: string, seconds: number, errorKind?: string): void {
    if (validSeconds(seconds)) this.providerDuration.observe({ provider, operation }, seconds);
    if (errorKind !== undefined) this.providerErrors.inc({ provider, kind: errorKind });
  }

  webhookHandled(provider: string, seconds: number): void {
    if (validSeconds(seconds)) this.webhookDuration.observe({ provider }, seconds);
  }

  orphanCallback(provider: string): void {
    this.orphans.inc({ provider });
  }

  appendObserved(seconds: number): void {
    if (validSeconds(seconds)) this.appendDuration.observe(seconds);
  }

  onModuleDestroy(): void {
    this.registry.clear();
  }

  private agentRows(): PresenceRow[] {
    // a row with neither name nor phone is a placeholder for an assignment recorded before the agent registered
    return this.readModels
      .list<PresenceRow>(presenceProjection.name)
      .filter((row) => row.name !== '' || row.phone !== '');
  }

  private countAgents(gauge: Gauge<'state'>): void {
    const counts = new Map<string, number>(AGENT_STATES.map((state) => [state, 0]));
    for (const row of this.agentRows()) counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
    gauge.reset();
    for (const [state, count] of counts) gauge.set({ state }, count);
  }

  private measureQueues(gauge: Gauge<'campaign'>): void {
    const campaigns = new Set(this.campaignsSeen);
    for (const row of this.readModels.list<PresenceRow>(presenceProjection.name))
      for (const id of row.campaigns) campaigns.add(id);
    gauge.reset();
    for (const campaign of campaigns) {
      const summary = this.readModels.get<QueueRow>(queueProjection.name, queueKeys.summary(campaign));
      if (summary?.kind === 'summary') gauge.set({ campaign }, summary.queued + summary.retryPending);
    }
  }

  /** A store that does not answer must not take the other metrics down with it: the gauge reads NaN then. */
  private async measureLag(gauge: Gauge): Promise<void> {
    try {
      const lag = await withTimeout(
        projectionLag(
          this.events,
          this.projections.projector.caughtUpTo(),
          DialerMetricsService.LAG_COUNT_CAP,
        ),
        LAG_TIMEOUT_MS,
        'event store',
      );
      gauge.set(lag.events);
    } catch {
      gauge.set(Number.NaN);
    }
  }
}

const LAG_TIMEOUT_MS = 1000;
const AGENT_STATES: readonly PresenceRow['status'][] = [
  'offline',
  'available',
  'paused',
  'reserved',
  'on-call',
  'wrap-up',
];

function validSeconds(seconds: number): boolean {
  return Number.isFinite(seconds) && seconds >= 0;
}

/** Feeds a counter from a running total kept elsewhere: each call adds what the total grew by since the last. */
function following(counter: Counter): (total: number) => void {
  let reported = 0;
  return (total) => {
    if (total <= reported) return;
    counter.inc(total - reported);
    reported = total;
  };
}
