// SQLite appends of single-event commands through handleCommand: one command awaited
// at a time, and from many concurrent command streams (group commit shares one fsync between them).
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { openSqliteEventStore, type SqliteEventStore } from '../src/adapters/event-store/sqlite.event-store.js';
import { handleCommand } from '../src/application/commands/handle-command.js';
import { StreamStateCache } from '../src/application/commands/stream-state.cache.js';
import { streamOf } from '../src/application/events/streams.js';
import type { AgentCommand } from '../src/domain/agent/agent.commands.js';
import { agentDecider } from '../src/domain/agent/agent.decider.js';

const AGENTS = 2_000;

export interface AppendRate {
  readonly inFlight: number;
  readonly events: number;
  readonly seconds: number;
  readonly perSecond: number;
}

let clockMs = Date.parse('2026-03-02T03:30:00.000Z');
const tick = () => new Date((clockMs += 1_000)).toISOString();

/** The n-th command on an agent stream: each writes exactly one event. */
function agentCommand(agentId: string, n: number): AgentCommand {
  const at = tick();
  if (n === 0) return { type: 'RegisterAgent', agentId, name: `Agent ${agentId}`, phone: '+919900000010', at };
  return n % 2 === 1 ? { type: 'MakeAgentAvailable', agentId, at } : { type: 'PauseAgent', agentId, reason: 'break', at };
}

async function commandLoop(store: SqliteEventStore, cache: StreamStateCache, worker: number, workers: number, budget: { left: number; until: number }): Promise<number> {
  const commandsOn = new Map<string, number>();
  const agents = Math.ceil(AGENTS / workers);
  let written = 0;
  for (let i = 0; budget.left > 0 && performance.now() < budget.until; i += 1) {
    budget.left -= 1;
    const agentId = `of${workers}-w${worker}-a${i % agents}`;
    const n = commandsOn.get(agentId) ?? 0;
    commandsOn.set(agentId, n + 1);
    const result = await handleCommand(store, agentDecider, streamOf.agent(agentId), agentCommand(agentId, n), { commandId: randomUUID(), actor: 'bench' }, { cache });
    written += result.events.length;
  }
  return written;
}

/** Single-event commands, `inFlight` at a time, until `limit` commands or `seconds` are spent. */
export async function measureCommandAppends(folder: string, inFlight: number, limit: number, seconds: number): Promise<AppendRate> {
  const store = openSqliteEventStore(join(folder, `commands-${inFlight}.db`));
  try {
    const cache = new StreamStateCache();
    const started = performance.now();
    const budget = { left: limit, until: started + seconds * 1000 };
    const written = await Promise.all(Array.from({ length: inFlight }, (_, worker) => commandLoop(store, cache, worker, inFlight, budget)));
    const elapsed = (performance.now() - started) / 1000;
    const events = written.reduce((a, b) => a + b, 0);
    return { inFlight, events, seconds: elapsed, perSecond: events / elapsed };
  } finally {
    await store.close();
  }
}
