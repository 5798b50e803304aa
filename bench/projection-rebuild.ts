// Projection rebuild over a generated log of calls, sized by event count:
// appended stream by stream with known revisions, 500 appends in flight (group commit), then every read model
// rebuilt from position 0.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { openSqliteEventStore, type SqliteEventStore } from '../src/adapters/event-store/sqlite.event-store.js';
import { SqliteReadModelStore } from '../src/adapters/read-models/sqlite.read-model-store.js';
import type { DialerEvent } from '../src/application/events/event-schemas.js';
import { streamOf } from '../src/application/events/streams.js';
import type { NewEvent } from '../src/application/ports/event-store.port.js';
import type { CampaignMetricsRow } from '../src/application/projections/metrics.projection.js';
import { ALL_PROJECTIONS } from '../src/application/projections/projections.service.js';
import type { QueueRow } from '../src/application/projections/queue.projection.js';
import { rebuildReadModels } from '../src/application/projections/rebuild.js';
import { DEFAULT_SETTINGS } from '../src/domain/campaign/campaign-settings.js';
import type { CallOutcome } from '../src/domain/dialing/outcome.mapping.js';

const AGENTS = 400;
const CAMPAIGNS = 8;
const IN_FLIGHT = 500;
const OUTCOMES: readonly CallOutcome[] = ['connected', 'connected', 'busy', 'no-answer', 'connected', 'failed', 'agent-missed'];

export interface RebuildMeasurement {
  readonly generated: { readonly events: number; readonly seconds: number; readonly perSecond: number };
  readonly rebuild: { readonly events: number; readonly seconds: number; readonly perSecond: number };
}

let clockMs = Date.parse('2026-03-02T03:30:00.000Z');
const tick = () => new Date((clockMs += 1_000)).toISOString();

class LogOfCalls {
  private readonly revisions = new Map<string, bigint>();
  private pending: Promise<unknown>[] = [];
  events = 0;
  attempts = 0;
  contacts = 0;

  constructor(private readonly store: SqliteEventStore) {}

  async write(streamId: string, events: readonly DialerEvent[]): Promise<void> {
    const current = this.revisions.get(streamId);
    this.revisions.set(streamId, (current ?? -1n) + BigInt(events.length));
    const toAppend = events.map((event): NewEvent => ({ id: randomUUID(), type: event.type, data: event.data, metadata: { actor: 'bench' } }));
    this.pending.push(this.store.append(streamId, toAppend, current ?? 'no_stream'));
    this.events += events.length;
    if (this.pending.length >= IN_FLIGHT) await this.flush();
  }

  async flush(): Promise<void> {
    await Promise.all(this.pending);
    this.pending = [];
  }

  async generate(targetEvents: number): Promise<void> {
    for (let k = 0; k < CAMPAIGNS; k += 1) {
      const campaignId = `k${k}`;
      const settings = { ...DEFAULT_SETTINGS, name: `Campaign ${k}`, callerId: '+918047112233' };
      await this.write(streamOf.campaign(campaignId), [
        { type: 'CampaignCreated', data: { campaignId, settings, at: tick() } },
        { type: 'CampaignStarted', data: { campaignId, at: tick() } },
      ]);
    }
    for (let a = 0; a < AGENTS; a += 1) {
      const agentId = `ag${a}`;
      const campaignId = `k${a % CAMPAIGNS}`;
      await this.write(streamOf.campaign(campaignId), [{ type: 'AgentAssigned', data: { campaignId, agentId, at: tick() } }]);
      await this.write(streamOf.agent(agentId), [
        { type: 'AgentRegistered', data: { agentId, name: `Agent ${a}`, phone: `+9199000${String(a).padStart(5, '0')}`, at: tick() } },
        { type: 'AgentBecameAvailable', data: { agentId, at: tick() } },
      ]);
    }
    while (this.events < targetEvents) await this.contact(this.contacts++);
    await this.flush();
  }

  /** A contact through one to three attempts, each with the agent's side of the call. */
  private async contact(c: number): Promise<void> {
    const contactId = `c${c}`;
    const campaignId = `k${c % CAMPAIGNS}`;
    const phone = `+9198${String(c).padStart(8, '0')}`;
    const base = { contactId, campaignId };
    const at = tick();
    const history: DialerEvent[] = [{ type: 'ContactAdded', data: { ...base, phone, priority: 0, attributes: {}, dueAt: at, at } }];
    for (let attemptNo = 1; attemptNo <= 3; attemptNo += 1) {
      const outcome = OUTCOMES[(c + attemptNo * 3) % OUTCOMES.length]!;
      const agentId = `ag${(c + attemptNo) % AGENTS}`;
      const attemptId = `${contactId}-att${attemptNo}`;
      const callSid = `sid-${attemptId}`;
      const connected = outcome === 'connected';
      this.attempts += 1;
      history.push(
        { type: 'ContactDialed', data: { ...base, attemptId, agentId, attemptNo, phone, at: tick() } },
        { type: 'CallPlaced', data: { ...base, attemptId, callSid, at: tick() } },
      );
      if (connected) {
        history.push(
          { type: 'LegAnswered', data: { ...base, attemptId, leg: 'agent', callSid, at: tick() } },
          { type: 'LegAnswered', data: { ...base, attemptId, leg: 'customer', callSid, at: tick() } },
        );
      }
      const talkSec = connected ? 60 + (c % 240) : 0;
      history.push({ type: 'CallTerminated', data: { ...base, attemptId, agentId, callSid, outcome, counts: outcome !== 'agent-missed', talkSec, closedBy: 'provider', at: tick() } });
      await this.agentCall(agentId, { attemptId, contactId, campaignId }, connected);
      const last = connected || attemptNo === 3;
      history.push(
        last
          ? { type: 'ContactCompleted', data: { ...base, attemptId, disposition: connected ? 'reached' : 'exhausted', at: tick() } }
          : { type: 'RetryScheduled', data: { ...base, attemptId, dueAt: new Date(clockMs + 300_000).toISOString(), front: false, reason: 'policy', at: tick() } },
      );
      if (last) break;
    }
    await this.write(streamOf.contact(contactId), history);
  }

  private async agentCall(agentId: string, work: { attemptId: string; contactId: string; campaignId: string }, connected: boolean): Promise<void> {
    const { attemptId } = work;
    await this.write(streamOf.agent(agentId), [
      { type: 'AgentReserved', data: { agentId, ...work, at: tick() } },
      ...(connected ? [{ type: 'AgentConnected' as const, data: { agentId, attemptId, at: tick() } }] : []),
      { type: 'AgentWrapUpStarted', data: { agentId, attemptId, until: new Date(clockMs + 15_000).toISOString(), at: tick() } },
      { type: 'AgentBecameAvailable', data: { agentId, at: tick() } },
    ]);
  }
}

/** The rebuilt read models must account for every contact and attempt, or the rebuild did not do the work. */
function checkReadModels(readModels: SqliteReadModelStore, log: LogOfCalls): void {
  const contacts = readModels.list<QueueRow>('queue').reduce((sum, row) => sum + (row.kind === 'summary' ? row.total : 0), 0);
  const dialed = readModels.list<CampaignMetricsRow>('metrics').reduce((sum, row) => sum + (row.kind === 'campaign' ? row.dialed : 0), 0);
  if (contacts !== log.contacts || dialed !== log.attempts) throw new Error(`read models disagree with the log: ${contacts} contacts, ${dialed} dialled`);
}

export async function measureRebuild(folder: string, targetEvents: number): Promise<RebuildMeasurement> {
  const file = join(folder, 'log-of-calls.db');
  const store = openSqliteEventStore(file);
  const readModels = new SqliteReadModelStore(file);
  try {
    const log = new LogOfCalls(store);
    let started = performance.now();
    await log.generate(targetEvents);
    const generatedSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const rebuilt = await rebuildReadModels(store, readModels, ALL_PROJECTIONS);
    const rebuildSeconds = (performance.now() - started) / 1000;
    checkReadModels(readModels, log);
    return {
      generated: { events: log.events, seconds: generatedSeconds, perSecond: log.events / generatedSeconds },
      rebuild: { events: rebuilt.events, seconds: rebuildSeconds, perSecond: rebuilt.events / rebuildSeconds },
    };
  } finally {
    readModels.close();
    await store.close();
  }
}
