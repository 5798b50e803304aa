// Webhook ingest over real HTTP: the whole service (NestJS, SQLite, the dialer) in this process, a load generator in
// a second process posting v1 terminal callbacks at a fixed rate. Every callback closes a real open attempt, so the
// log must end up with exactly one CallTerminated per callback sent.
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startService } from '../src/app.js';
import { loadConfig } from '../src/adapters/config/config.js';
import { collectStartUpGarbage } from '../src/adapters/runtime/collect-start-up-garbage.js';
import type { WriteHolds } from '../src/adapters/event-store/sqlite.checkpointer.js';
import { SqliteEventStore, openSqliteEventStore, writeHoldsOf } from '../src/adapters/event-store/sqlite.event-store.js';
import { handleCommand } from '../src/application/commands/handle-command.js';
import { eventIdFor } from '../src/application/events/event-ids.js';
import { streamOf } from '../src/application/events/streams.js';
import { EVENT_STORE, type EventStore } from '../src/application/ports/event-store.port.js';
import { ProjectionsService } from '../src/application/projections/projections.service.js';
import { SIMULATION_CALLER_ID } from '../src/application/simulation/simulation-plan.js';
import { campaignDecider } from '../src/domain/campaign/campaign.decider.js';
import type { ContactCommand } from '../src/domain/contact/contact.commands.js';
import { decideContact, evolveContact } from '../src/domain/contact/contact.decider.js';
import type { ContactEvent } from '../src/domain/contact/contact.events.js';
import { initialContactState } from '../src/domain/contact/contact.state.js';
import { ALWAYS_OPEN } from './big-list.js';
import { progress, runBenchProcess } from './child-process.js';
import { watchMajorGcs, type MajorGcs } from './major-gcs.js';
import type { LoadResult } from './webhook-load.process.js';

const CAMPAIGN = 'hook';
const WEBHOOK_TOKEN = 'bench-webhook-token-0123456789';
const API_KEY = 'bench-api-key-0123456789';
const IN_FLIGHT = 500;

export interface WebhookMeasurement extends LoadResult {
  readonly offeredPerSecond: number;
  /** CallTerminated events in the log for the bench's attempts. */
  readonly terminated: number;
  /** Callbacks sent that left no CallTerminated. */
  readonly lost: number;
  /** CPU time (user + system) of the service's process per callback while the load ran: steadier than latency on a shared machine. */
  readonly serviceCpuMicrosPerCallback: number;
  /** The service's event-loop delay while the load ran (perf_hooks): how long a callback could wait for the loop. */
  readonly eventLoopDelayP99Ms: number;
  readonly eventLoopDelayMaxMs: number;
  /** The event store's writes held by its checkpointer's finishing passes while the load ran (see `heldSince`). */
  readonly writesHeld: WriteHolds;
  /** The service's major GCs while the load ran, timed from its start (warm-up included): each puts it behind for a while. */
  readonly majorGcs: MajorGcs;
}

export const hookAttemptId = (n: number) => `h${n}~bench`;
export const hookCallSid = (n: number) => `bench-call-${n}`;

/** `count` contacts, each with an attempt placed and waiting for its terminal callback. */
async function writeOpenAttempts(events: EventStore, count: number): Promise<void> {
  const at = new Date(Date.now() - 60_000).toISOString();
  await handleCommand(events, campaignDecider, streamOf.campaign(CAMPAIGN), { type: 'CreateCampaign', campaignId: CAMPAIGN, at, settings: { name: 'Webhook bench', callerId: SIMULATION_CALLER_ID, provider: 'sandbox', ...ALWAYS_OPEN } }, { commandId: 'hook:create' });
  await handleCommand(events, campaignDecider, streamOf.campaign(CAMPAIGN), { type: 'StartCampaign', campaignId: CAMPAIGN, at }, { commandId: 'hook:start' });
  let pending: Promise<unknown>[] = [];
  for (let n = 0; n < count; n += 1) {
    const contactId = `h${n}`;
    const attemptId = hookAttemptId(n);
    const commands: ContactCommand[] = [
      { type: 'AddContact', contactId, campaignId: CAMPAIGN, phone: `+9197${String(10_000_000 + n)}`, at },
      { type: 'DialContact', contactId, attemptId, agentId: 'bench-agent', at },
      { type: 'RecordCallPlaced', contactId, attemptId, callSid: hookCallSid(n), at },
    ];
    let state = initialContactState;
    const history: ContactEvent[] = [];
    for (const command of commands) {
      for (const event of decideContact(command, state)) {
        history.push(event);
        state = evolveContact(state, event);
      }
    }
    const commandId = `hook:${n}`;
    pending.push(events.append(streamOf.contact(contactId), history.map((event, index) => ({ id: eventIdFor(commandId, index), type: event.type, data: event.data, metadata: { commandId } })), 'no_stream'));
    if (pending.length >= IN_FLIGHT) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);
}

async function countTerminated(events: EventStore): Promise<number> {
  let terminated = 0;
  for await (const event of events.readAll()) {
    if (event.type === 'CallTerminated' && (event.data as { attemptId: string }).attemptId.endsWith('~bench')) terminated += 1;
  }
  return terminated;
}

/** The holds between two readings; `longestMs` is the longest since the store started (the service's start-up included). */
const heldSince = (before: WriteHolds, after: WriteHolds): WriteHolds => ({
  count: after.count - before.count,
  totalMs: after.totalMs - before.totalMs,
  longestMs: after.longestMs,
});

/** Seconds of load before the measured ones (left out of the latency figures, see webhook-load.process). */
export const WEBHOOK_WARM_UP_SECONDS = 5;

export async function measureWebhookIngest(folder: string, perSecond: number, seconds: number, warmUpSeconds = WEBHOOK_WARM_UP_SECONDS): Promise<WebhookMeasurement> {
  const dataDir = join(folder, `webhook-service-${perSecond}-${Date.now()}`);
  const total = Math.round(perSecond * (seconds + warmUpSeconds));
  const seed = openSqliteEventStore(join(dataDir, 'dialer.db'));
  await writeOpenAttempts(seed, total);
  await seed.close();

  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', DEMO: 'false', API_KEY, WEBHOOK_TOKEN, LOG_LEVEL: 'warn', TELEPHONY: 'sandbox' });
  const service = await startService(config);
  try {
    const events = service.app.get<EventStore>(EVENT_STORE);
    const projections = service.app.get(ProjectionsService);
    if (events instanceof SqliteEventStore) {
      await projections.waitFor(events.lastPosition(), 120_000);
      // The read models of the attempts written above were projected by the starting service: garbage a service
      // restarted over current read models would not have, collected as the service collects its own start-up's.
      collectStartUpGarbage(events.lastPosition());
    }
    progress(`service up at ${service.url} with ${total.toLocaleString('en-US')} open attempts; offering ${perSecond}/s for ${warmUpSeconds} s of warm-up, then ${seconds} s measured`);
    const loopDelay = monitorEventLoopDelay({ resolution: 1 });
    loopDelay.enable();
    const cpuBefore = process.cpuUsage();
    const holdsBefore = writeHoldsOf(events);
    const gcs = watchMajorGcs();
    const load = await runBenchProcess<LoadResult>('webhook-load.process', [`${service.url}/webhooks/exotel/status?token=${WEBHOOK_TOKEN}`, String(perSecond), String(seconds), String(warmUpSeconds)]);
    const cpu = process.cpuUsage(cpuBefore);
    const majorGcs = gcs.stop();
    loopDelay.disable();
    const writesHeld = heldSince(holdsBefore, writeHoldsOf(events));
    const terminated = await countTerminated(events);
    return { ...load, offeredPerSecond: perSecond, terminated, lost: load.sent - terminated, serviceCpuMicrosPerCallback: (cpu.user + cpu.system) / load.sent, eventLoopDelayP99Ms: loopDelay.percentile(99) / 1e6, eventLoopDelayMaxMs: loopDelay.max / 1e6, writesHeld, majorGcs };
  } finally {
    await service.app.close();
  }
}
