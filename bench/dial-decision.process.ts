// Dial decision latency and memory with a very large queue, in its own process:
//   build   <sqlite file> <agents> <contacts>                 writes the campaign (run in a process of its own,
//                                                             so the measuring process's RSS is the dialer's alone)
//   measure <sqlite file | memory> <agents> <contacts> <samples> [pace]
// `measure` starts the real Dialer over the store (its index then holds every queued contact), reports RSS, and
// plays calls on the virtual clock: each agent's wrap-up ends, the dialer appends AgentBecameAvailable, pairs,
// reserves, dials and calls the provider. The latency is performance.now() from that append to placeCall.
// `pace`: virtual seconds played per real second (1: the agents' own pace, the load they put on a real service);
// 0 or absent: as fast as the machine goes, the load of many more agents.
import { VirtualClock } from '../src/adapters/clock/virtual.clock.js';
import { MemoryEventStore } from '../src/adapters/event-store/memory.event-store.js';
import { openSqliteEventStore } from '../src/adapters/event-store/sqlite.event-store.js';
import { InProcessTelephony } from '../src/adapters/telephony/sandbox/in-process.telephony.js';
import type { SandboxProfile } from '../src/adapters/telephony/sandbox/sandbox.profile.js';
import { StreamStateCache } from '../src/application/commands/stream-state.cache.js';
import { Dialer } from '../src/application/dialer/dialer.js';
import type { EventStore } from '../src/application/ports/event-store.port.js';
import type { PlaceCall, PlacedCall } from '../src/application/ports/telephony.port.js';
import { ObservedEventStore } from '../src/application/simulation/observed.event-store.js';
import { PendingWork } from '../src/application/simulation/pending-work.js';
import { BIG_LIST_CAMPAIGN, BIG_LIST_START, writeBigList } from './big-list.js';
import { progress, reportResult } from './child-process.js';

/** Agents always answer, customers always answer: every freed agent is dialled again after a short call. */
const STEADY_CALLS: SandboxProfile = {
  name: 'bench-steady',
  agent: { answer: 1, busy: 0, noAnswer: 0, failed: 0, ringTime: { kind: 'uniform', min: 0.5, max: 2 } },
  customer: { answer: 1, busy: 0, noAnswer: 0, failed: 0, ringTime: { kind: 'uniform', min: 2, max: 8 } },
  talkTime: { kind: 'uniform', min: 20, max: 90 },
  callbacks: { duplicate: 0, late: 0, lateDelay: { kind: 'fixed', seconds: 0 }, lost: 0, customFieldOnAnswered: true },
};

export interface DialDecisionResult {
  readonly store: string;
  readonly agents: number;
  readonly queued: number;
  readonly startSeconds: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  readonly samples: number;
  /** Virtual seconds per real second (0: as fast as it goes), and what that made: agents freed per real second. */
  readonly pace: number;
  readonly freedPerSecond: number;
  /** From the start of the AgentBecameAvailable append to placeCall (the append itself included). */
  readonly fromAppendMs: readonly number[];
  /** From the moment that append was committed to placeCall. */
  readonly fromCommitMs: readonly number[];
  readonly queueLeft: number;
  readonly wallSeconds: number;
}

const [mode, target, agentsText, contactsText, samplesText, paceText] = process.argv.slice(2);
const agents = Number(agentsText);
const contacts = Number(contactsText);

if (mode === 'build') {
  const store = openSqliteEventStore(target!);
  await writeBigList(store, agents, contacts, (written) => progress(`${written.toLocaleString('en-US')} contacts written`));
  await store.close();
  reportResult({ built: contacts });
} else if (mode === 'measure') {
  const inMemory = target === 'memory';
  const raw: EventStore = inMemory ? new MemoryEventStore() : openSqliteEventStore(target!);
  if (inMemory) await writeBigList(raw, agents, contacts);
  reportResult(await measure(raw, inMemory ? 'memory' : 'sqlite', Number(samplesText), Number(paceText ?? 0)));
  await raw.close();
} else {
  throw new Error(`unknown mode ${mode}`);
}

async function measure(raw: EventStore, storeName: string, samples: number, pace: number): Promise<DialDecisionResult> {
  const clock = new VirtualClock(BIG_LIST_START);
  const events = new ObservedEventStore(raw);
  const freedAt = new Map<string, { startedAt: number; committedAt: number }>();
  events.observe((append) => {
    for (const event of append.events) {
      if (event.type === 'AgentBecameAvailable') freedAt.set((event.data as { agentId: string }).agentId, append);
    }
  });
  const fromAppendMs: number[] = [];
  const fromCommitMs: number[] = [];
  const sampledAt: number[] = [];
  const telephony = new InProcessTelephony({ clock, profile: STEADY_CALLS, seed: 1, callbackFaults: false });
  const agentByPhone = new Map<string, string>();
  const placeCall = telephony.placeCall.bind(telephony);
  telephony.placeCall = (order: PlaceCall): Promise<PlacedCall> => {
    const now = performance.now();
    const agentId = agentByPhone.get(order.agentPhone);
    const freed = agentId === undefined ? undefined : freedAt.get(agentId);
    if (freed !== undefined && agentId !== undefined) {
      fromAppendMs.push(now - freed.startedAt);
      sampledAt.push(now);
      fromCommitMs.push(now - freed.committedAt);
      freedAt.delete(agentId);
    }
    return placeCall(order);
  };
  const pending = new PendingWork();
  const dialer = new Dialer({
    events,
    clock,
    cache: new StreamStateCache(),
    providers: new Map([[telephony.provider, telephony]]),
    webhookUrls: { statusCallback: () => 'in-process://bench' },
    callsPerMinute: 1_000_000,
    log: (level, message, fields) => {
      if (level === 'error') progress(`dialer error: ${message} ${JSON.stringify(fields ?? {})}`);
    },
  });
  telephony.connect((call) => {
    const ingested = dialer.ingest(call);
    pending.track(ingested);
    return ingested;
  });
  const settle = async () => {
    do {
      await pending.settled();
      await dialer.idle();
      await new Promise((resolve) => setImmediate(resolve));
    } while (pending.size > 0 || !dialer.isIdle());
  };

  const started = performance.now();
  await dialer.start();
  await settle();
  const startSeconds = (performance.now() - started) / 1000;
  for (const [agentId, agent] of dialer.index.agents) if (agent.state.status !== 'unregistered') agentByPhone.set(agent.state.phone, agentId);
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();
  const queued = dialer.index.campaigns.get(BIG_LIST_CAMPAIGN)?.open ?? 0;
  progress(`${storeName}: dialer started in ${startSeconds.toFixed(1)} s over ${queued.toLocaleString('en-US')} open contacts; RSS ${Math.round(memory.rss / 2 ** 20)} MB`);

  const loopStarted = performance.now();
  const virtualStart = clock.now();
  while (fromAppendMs.length < samples) {
    const next = clock.nextTimerAt();
    if (next === undefined) break;
    if (pace > 0) {
      const wait = loopStarted + (next - virtualStart) / pace - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    clock.advanceTo(next);
    await settle();
  }
  const wallSeconds = (performance.now() - loopStarted) / 1000;
  const queueLeft = dialer.index.campaigns.get(BIG_LIST_CAMPAIGN)?.open ?? 0;
  await dialer.stop();
  if (pending.failures.length > 0) throw pending.failures[0]!;
  return { store: storeName, agents, queued, startSeconds, rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, samples: fromAppendMs.length, pace, freedPerSecond: (sampledAt.length - 1) / ((sampledAt.at(-1)! - sampledAt[0]!) / 1000), fromAppendMs, fromCommitMs, queueLeft, wallSeconds };
}
