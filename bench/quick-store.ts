// A quick look at the SQLite event store's throughput (the full bench comes later):
//   node --import ./test/support/swc-register.mjs bench/quick-store.ts      (npm run bench:store)
// (a) single-event commands through handleCommand, one awaited at a time; (b) the same from 32 concurrent
// command streams; (c) a rebuild of every read model over a generated day of calls (≥ 200,000 events).
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  openSqliteEventStore,
  type SqliteEventStore,
} from '../src/adapters/event-store/sqlite.event-store.js';
import { SqliteReadModelStore } from '../src/adapters/read-models/sqlite.read-model-store.js';
import { handleCommand } from '../src/application/commands/handle-command.js';
import { StreamStateCache } from '../src/application/commands/stream-state.cache.js';
import type { DialerEvent } from '../src/application/events/event-schemas.js';
import { streamOf } from '../src/application/events/streams.js';
import type { NewEvent } from '../src/application/ports/event-store.port.js';
import type { CampaignMetricsRow } from '../src/application/projections/metrics.projection.js';
import { ALL_PROJECTIONS } from '../src/application/projections/projections.service.js';
import type { QueueRow } from '../src/application/projections/queue.projection.js';
import { rebuildReadModels } from '../src/application/projections/rebuild.js';
import { agentDecider } from '../src/domain/agent/agent.decider.js';
import type { AgentCommand } from '../src/domain/agent/agent.commands.js';
import { DEFAULT_SETTINGS } from '../src/domain/campaign/campaign-settings.js';
import type { CallOutcome } from '../src/domain/dialing/outcome.mapping.js';

const COMMAND_LIMIT = 20_000;
const COMMAND_SECONDS = 10;
const CONCURRENT_STREAMS = 32;
const COMMAND_AGENTS = 2_000;
const GENERATED_CONTACTS = 10_000;
const GENERATED_AGENTS = 400;
const CAMPAIGNS = 8;

interface Row {
  readonly measurement: string;
  readonly count: number;
  readonly seconds: number;
}

const folder = mkdtempSync(join(tmpdir(), 'quick-store-'));
const rows: Row[] = [];

async function timed(measurement: string, work: () => Promise<number>): Promise<void> {
  const started = performance.now();
  const count = await work();
  rows.push({ measurement, count, seconds: (performance.now() - started) / 1000 });
}

// (a) and (b): RegisterAgent, then MakeAgentAvailable / PauseAgent in turn, spread over many agent streams.

let clockMs = Date.parse('2026-03-02T03:30:00.000Z');
const tick = () => new Date((clockMs += 1_000)).toISOString();

/** The n-th command on an agent stream: each writes exactly one event. */
function agentCommand(agentId: string, n: number): AgentCommand {
  const at = tick();
  if (n === 0)
    return { type: 'RegisterAgent', agentId, name: `Agent ${agentId}`, phone: '+919900000010', at };
  return n % 2 === 1
    ? { type: 'MakeAgentAvailable', agentId, at }
    : { type: 'PauseAgent', agentId, reason: 'break', at };
}

/** Runs commands until the count or time budget is spent; answers how many events were written. */
async function commandLoop(
  store: SqliteEventStore,
  cache: StreamStateCache,
  worker: number,
  workers: number,
  budget: { left: number; until: number },
): Promise<number> {
  const commandsOn = new Map<string, number>();
  const agents = Math.ceil(COMMAND_AGENTS / workers);
  let written = 0;
  for (let i = 0; budget.left > 0 && performance.now() < budget.until; i += 1) {
    budget.left -= 1;
    const agentId = `of${workers}-w${worker}-a${i % agents}`;
    const n = commandsOn.get(agentId) ?? 0;
    commandsOn.set(agentId, n + 1);
    const result = await handleCommand(
      store,
      agentDecider,
      streamOf.agent(agentId),
      agentCommand(agentId, n),
      { commandId: randomUUID(), actor: 'bench' },
      { cache },
    );
    written += result.events.length;
  }
  return written;
}

async function commandAppends(store: SqliteEventStore, workers: number): Promise<number> {
  const cache = new StreamStateCache();
  const budget = { left: COMMAND_LIMIT, until: performance.now() + COMMAND_SECONDS * 1000 };
  const written = await Promise.all(
    Array.from({ length: workers }, (_, worker) => commandLoop(store, cache, worker, workers, budget)),
  );
  return written.reduce((a, b) => a + b, 0);
}

// (c): a day of calls, appended stream by stream with known revisions, many appends in flight at once.

const outcomes: readonly CallOutcome[] = [
  'connected',
  'connected',
  'busy',
  'no-answer',
  'connected',
  'failed',
  'agent-missed',
];

class DayOfCalls {
  private readonly revisions = new Map<string, bigint>();
  private pending: Promise<unknown>[] = [];
  events = 0;
  attempts = 0;

  constructor(private readonly store: SqliteEventStore) {}

  /** Queues an append of `events` to `streamId` at its next revision; flushes every 500 appends. */
  async write(streamId: string, events: readonly DialerEvent[]): Promise<void> {
    const current = this.revisions.get(streamId);
    this.revisions.set(streamId, (current ?? -1n) + BigInt(events.length));
    const toAppend = events.map((event): NewEvent => ({
      id: randomUUID(),
      type: event.type,
      data: event.data,
      metadata: { actor: 'bench' },
    }));
    this.pending.push(this.store.append(streamId, toAppend, current ?? 'no_stream'));
    this.events += events.length;
    if (this.pending.length >= 500) await this.flush();
  }

  async flush(): Promise<void> {
    await Promise.all(this.pending);
    this.pending = [];
  }

  async generate(): Promise<void> {
    for (let k = 0; k < CAMPAIGNS; k += 1) {
      const campaignId = `k${k}`;
      const settings = { ...DEFAULT_SETTINGS, name: `Campaign ${k}`, callerId: '+918047112233' };
      await this.write(streamOf.campaign(campaignId), [
        { type: 'CampaignCreated', data: { campaignId, settings, at: tick() } },
        { type: 'CampaignStarted', data: { campaignId, at: tick() } },
      ]);
    }
    for (let a = 0; a < GENERATED_AGENTS; a += 1) {
      const agentId = `ag${a}`;
      await this.write(streamOf.campaign(`k${a % CAMPAIGNS}`), [
        { type: 'AgentAssigned', data: { campaignId: `k${a % CAMPAIGNS}`, agentId, at: tick() } },
      ]);
      await this.write(streamOf.agent(agentId), [
        {
          type: 'AgentRegistered',
          data: { agentId, name: `Agent ${a}`, phone: `+9199000${String(a).padStart(5, '0')}`, at: tick() },
        },
        { type: 'AgentBecameAvailable', data: { agentId, at: tick() } },
      ]);
    }
    for (let c = 0; c < GENERATED_CONTACTS; c += 1) await this.contact(c);
    await this.flush();
  }

  /** A contact through one to three attempts, each with the agent's side of the call. */
  private async contact(c: number): Promise<void> {
    const contactId = `c${c}`;
    const campaignId = `k${c % CAMPAIGNS}`;
    const phone = `+9198${String(c).padStart(8, '0')}`;
    const base = { contactId, campaignId };
    const at = tick();
    const history: DialerEvent[] = [
      { type: 'ContactAdded', data: { ...base, phone, priority: 0, attributes: {}, dueAt: at, at } },
    ];
    for (let attemptNo = 1; attemptNo <= 3; attemptNo += 1) {
      const outcome = outcomes[(c * 7 + attemptNo * 3) % outcomes.length]!;
      const agentId = `ag${(c + attemptNo) % GENERATED_AGENTS}`;
      const attemptId = `${contactId}-att${attemptNo}`;
      const callSid = `sid-${attemptId}`;
      const connected = outcome === 'connected';
      const talkSec = connected ? 60 + (c % 240) : 0;
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
      const counts = outcome !== 'agent-missed';
      history.push({
        type: 'CallTerminated',
        data: {
          ...base,
          attemptId,
          agentId,
          callSid,
          outcome,
          counts,
          talkSec,
          closedBy: 'provider',
          at: tick(),
        },
      });
      await this.agentCall(agentId, { attemptId, contactId, campaignId }, connected);
      const last = connected || attemptNo === 3;
      history.push(
        last
          ? {
              type: 'ContactCompleted',
              data: { ...base, attemptId, disposition: connected ? 'reached' : 'exhausted', at: tick() },
            }
          : {
              type: 'RetryScheduled',
              data: {
                ...base,
                attemptId,
                dueAt: new Date(clockMs + 300_000).toISOString(),
                front: false,
                reason: 'policy',
                at: tick(),
              },
            },
      );
      if (last) break;
    }
    await this.write(streamOf.contact(contactId), history);
  }

  private async agentCall(
    agentId: string,
    work: { attemptId: string; contactId: string; campaignId: string },
    connected: boolean,
  ): Promise<void> {
    const { attemptId } = work;
    await this.write(streamOf.agent(agentId), [
      { type: 'AgentReserved', data: { agentId, ...work, at: tick() } },
      ...(connected ? [{ type: 'AgentConnected' as const, data: { agentId, attemptId, at: tick() } }] : []),
      {
        type: 'AgentWrapUpStarted',
        data: { agentId, attemptId, until: new Date(clockMs + 15_000).toISOString(), at: tick() },
      },
      { type: 'AgentBecameAvailable', data: { agentId, at: tick() } },
    ]);
  }
}

/** The rebuilt read models must account for every contact and attempt, or the rebuild did not do the work. */
function checkReadModels(readModels: SqliteReadModelStore, day: DayOfCalls): void {
  const contacts = readModels
    .list<QueueRow>('queue')
    .filter((row) => row.kind === 'summary')
    .reduce((sum, row) => sum + (row.kind === 'summary' ? row.total : 0), 0);
  const dialed = readModels
    .list<CampaignMetricsRow>('metrics')
    .reduce((sum, row) => sum + (row.kind === 'campaign' ? row.dialed : 0), 0);
  if (contacts !== GENERATED_CONTACTS || dialed !== day.attempts)
    throw new Error(`read models disagree with the log: ${contacts} contacts, ${dialed} dialled`);
}

async function rebuildMeasurements(): Promise<void> {
  const file = join(folder, 'day.db');
  const store = openSqliteEventStore(file);
  const day = new DayOfCalls(store);
  await timed(
    'generate a day of calls (append, 500 in flight)',
    async () => (await day.generate(), day.events),
  );
  const readModels = new SqliteReadModelStore(file);
  for (const run of ['first', 'second']) {
    await timed(
      `rebuild queue + presence + metrics (${run} run)`,
      async () => (await rebuildReadModels(store, readModels, ALL_PROJECTIONS)).events,
    );
    checkReadModels(readModels, day);
  }
  readModels.close();
  await store.close();
}

function printTable(): void {
  const header = ['measurement', 'count', 'seconds', 'per second'];
  const cells = rows.map((row) => [
    row.measurement,
    row.count.toLocaleString('en-US'),
    row.seconds.toFixed(2),
    Math.round(row.count / row.seconds).toLocaleString('en-US'),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((cell) => cell[column]!.length)),
  );
  const line = (cell: readonly string[]) =>
    `| ${cell.map((text, column) => (column === 0 ? text.padEnd(widths[column]!) : text.padStart(widths[column]!))).join(' | ')} |`;
  console.log(`SQLite event store (WAL, synchronous=FULL) in ${folder}, node ${process.version}`);
  console.log(
    [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...cells.map(line)].join(
      '\n',
    ),
  );
}

try {
  const commands = openSqliteEventStore(join(folder, 'commands.db'));
  await timed('command appends, one awaited at a time', () => commandAppends(commands, 1));
  await timed(`command appends, ${CONCURRENT_STREAMS} concurrent command streams`, () =>
    commandAppends(commands, CONCURRENT_STREAMS),
  );
  await commands.close();
  await rebuildMeasurements();
  printTable();
} finally {
  rmSync(folder, { recursive: true, force: true });
}
