import { describe, expect, it } from '@jest/globals';
import { agentDecider } from '../../src/domain/agent/agent.decider.js';
import type { AgentCommand } from '../../src/domain/agent/agent.commands.js';
import { DomainError } from '../../src/domain/shared/domain-error.js';
import { handleCommand, warmStream } from '../../src/application/commands/handle-command.js';
import { StreamStateCache } from '../../src/application/commands/stream-state.cache.js';
import { eventIdFor } from '../../src/application/events/event-ids.js';
import { MemoryEventStore } from '../../src/adapters/event-store/memory.event-store.js';

const T0 = '2026-03-02T04:30:00.000Z';
const stream = 'agent-ag1';
const register: AgentCommand = { type: 'RegisterAgent', agentId: 'ag1', name: 'Asha', phone: '09876543210', at: T0 };
const ready: AgentCommand = { type: 'MakeAgentAvailable', agentId: 'ag1', at: T0 };
const reserve = (attemptId: string): AgentCommand => ({ type: 'ReserveAgent', agentId: 'ag1', attemptId, contactId: 'c1', campaignId: 'k1', at: T0 });

async function readStream(store: MemoryEventStore) {
  const events = [];
  for await (const event of store.readStream(stream)) events.push(event);
  return events;
}

describe('handleCommand', () => {
  it('appends the decided events with ids derived from the command id and audit metadata', async () => {
    const store = new MemoryEventStore();
    const result = await handleCommand(store, agentDecider, stream, register, { commandId: 'cmd-1', actor: 'api', correlationId: 'req-9' });
    expect(result).toMatchObject({ revision: 0n, replayed: false });
    const [stored] = await readStream(store);
    expect(stored).toMatchObject({ id: eventIdFor('cmd-1', 0), type: 'AgentRegistered', metadata: { commandId: 'cmd-1', actor: 'api', correlationId: 'req-9' } });
    expect(stored!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('answers a retried command with what it wrote the first time and writes nothing', async () => {
    const store = new MemoryEventStore();
    await handleCommand(store, agentDecider, stream, register, { commandId: 'cmd-1' });
    await handleCommand(store, agentDecider, stream, ready, { commandId: 'cmd-2' });
    const again = await handleCommand(store, agentDecider, stream, ready, { commandId: 'cmd-2' });
    expect(again.replayed).toBe(true);
    expect(again.events.map((e) => e.type)).toEqual(['AgentBecameAvailable']);
    expect(await readStream(store)).toHaveLength(2);
  });

  it('writes nothing when the decider decides nothing', async () => {
    const store = new MemoryEventStore();
    await handleCommand(store, agentDecider, stream, register, { commandId: 'cmd-1' });
    const result = await handleCommand(store, agentDecider, stream, { type: 'LogoutAgent', agentId: 'ag1', at: T0 }, { commandId: 'cmd-2' });
    expect(result.events).toEqual([]);
    expect(await readStream(store)).toHaveLength(1);
  });

  it('lets exactly one of two racing reservations win; the loser re-decides and is rejected', async () => {
    const store = new MemoryEventStore();
    await handleCommand(store, agentDecider, stream, register, { commandId: 'cmd-1' });
    await handleCommand(store, agentDecider, stream, ready, { commandId: 'cmd-2' });
    const results = await Promise.allSettled([
      handleCommand(store, agentDecider, stream, reserve('att-1'), { commandId: 'r-1' }),
      handleCommand(store, agentDecider, stream, reserve('att-2'), { commandId: 'r-2' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(DomainError);
    expect((rejected.reason as DomainError).code).toBe('agent.not-available');
    expect((await readStream(store)).filter((e) => e.type === 'AgentReserved')).toHaveLength(1);
  });

  it('catches up a stale cached state when another writer moved the stream on', async () => {
    const store = new MemoryEventStore();
    const cache = new StreamStateCache();
    await handleCommand(store, agentDecider, stream, register, { commandId: 'cmd-1' }, { cache });
    await handleCommand(store, agentDecider, stream, ready, { commandId: 'cmd-2' }); // another instance, no cache
    await handleCommand(store, agentDecider, stream, reserve('att-1'), { commandId: 'cmd-3' }); // idem
    await expect(handleCommand(store, agentDecider, stream, reserve('att-2'), { commandId: 'cmd-4' }, { cache })).rejects.toMatchObject({ code: 'agent.not-available' });
    const released = await handleCommand(store, agentDecider, stream, { type: 'ReleaseReservation', agentId: 'ag1', attemptId: 'att-1', reason: 'test', at: T0 }, { commandId: 'cmd-5' }, { cache });
    expect(released.revision).toBe(3n);
  });
});

describe('warmStream', () => {
  it('caches what a command needs ahead of it: retries are still recognised, and new commands read nothing more', async () => {
    const store = new MemoryEventStore();
    await handleCommand(store, agentDecider, stream, register, { commandId: 'cmd-1' });
    await handleCommand(store, agentDecider, stream, ready, { commandId: 'cmd-2' });
    const cache = new StreamStateCache();
    await warmStream(store, agentDecider, stream, cache);
    expect(cache.get(stream)).toMatchObject({ state: { status: 'available' }, expected: 1n });

    const reads: (bigint | undefined)[] = [];
    const readStream = store.readStream.bind(store);
    store.readStream = (streamId, options) => {
      reads.push(options?.fromRevision);
      return readStream(streamId, options);
    };
    const retried = await handleCommand(store, agentDecider, stream, ready, { commandId: 'cmd-2' }, { cache });
    expect(retried).toMatchObject({ replayed: true, revision: 1n, events: [{ type: 'AgentBecameAvailable' }] });
    expect(reads).toEqual([1n]); // the retry reads back its own event, and only that
    expect((await handleCommand(store, agentDecider, stream, reserve('att-1'), { commandId: 'cmd-3' }, { cache })).revision).toBe(2n);
    expect(reads).toEqual([1n]);
  });
});

describe('handleCommand over a cached stream', () => {
  /** The memory store, counting its stream reads and its appends. */
  function countingStore() {
    const store = new MemoryEventStore();
    const counts = { reads: 0, appends: 0 };
    const readStream = store.readStream.bind(store);
    store.readStream = (streamId, options) => {
      counts.reads += 1;
      return readStream(streamId, options);
    };
    const append = store.append.bind(store);
    store.append = (streamId, events, expected) => {
      counts.appends += 1;
      return append(streamId, events, expected);
    };
    return { store, counts };
  }

  it('decides a command that writes on the cache alone: no read before the append', async () => {
    const { store, counts } = countingStore();
    const cache = new StreamStateCache();
    await handleCommand(store, agentDecider, stream, register, { commandId: 'cmd-1' }, { cache });
    const before = { ...counts };
    const result = await handleCommand(store, agentDecider, stream, ready, { commandId: 'cmd-2' }, { cache });
    expect(result).toMatchObject({ revision: 1n, replayed: false });
    expect(counts).toEqual({ reads: before.reads, appends: before.appends + 1 });
  });

  it('decides again on what the store holds when the stale cache wrote and the append found the stream moved on', async () => {
    const { store, counts } = countingStore();
    const cache = new StreamStateCache();
    await handleCommand(store, agentDecider, stream, register, { commandId: 'cmd-1' }, { cache });
    await handleCommand(store, agentDecider, stream, ready, { commandId: 'cmd-2' }, { cache });
    await handleCommand(store, agentDecider, stream, reserve('att-1'), { commandId: 'cmd-3' }); // another instance
    const appendsBefore = counts.appends;
    await expect(handleCommand(store, agentDecider, stream, reserve('att-2'), { commandId: 'cmd-4' }, { cache })).rejects.toMatchObject({ code: 'agent.not-available' });
    expect(counts.appends).toBe(appendsBefore + 1);
    expect((await readStream(store)).filter((e) => e.type === 'AgentReserved')).toHaveLength(1);
    expect(cache.get(stream)).toMatchObject({ state: { status: 'reserved' }, expected: 2n });
  });

  it('does not refuse on a stale cache: the refusal is decided again on what the store holds', async () => {
    const store = new MemoryEventStore();
    const cache = new StreamStateCache();
    await handleCommand(store, agentDecider, stream, register, { commandId: 'cmd-1' }, { cache });
    await handleCommand(store, agentDecider, stream, ready, { commandId: 'cmd-2' }); // another instance: the cache still says offline
    const reserved = await handleCommand(store, agentDecider, stream, reserve('att-1'), { commandId: 'cmd-3' }, { cache });
    expect(reserved).toMatchObject({ events: [{ type: 'AgentReserved' }], revision: 2n });
  });

  it('does not write nothing on a stale cache: a decision to write nothing is decided again on what the store holds', async () => {
    const store = new MemoryEventStore();
    const cache = new StreamStateCache();
    await handleCommand(store, agentDecider, stream, register, { commandId: 'cmd-1' }, { cache });
    await handleCommand(store, agentDecider, stream, ready, { commandId: 'cmd-2' }); // another instance
    const logout = await handleCommand(store, agentDecider, stream, { type: 'LogoutAgent', agentId: 'ag1', at: T0 }, { commandId: 'cmd-3' }, { cache });
    expect(logout).toMatchObject({ events: [{ type: 'AgentLoggedOut' }], revision: 2n });
  });
});

describe('handleCommand with a long stream', () => {
  it('recognises a retry of a command applied many commands ago, and writes nothing', async () => {
    const store = new MemoryEventStore();
    const cache = new StreamStateCache();
    await handleCommand(store, agentDecider, stream, register, { commandId: 'first' }, { cache });
    for (let i = 0; i < 60; i += 1) {
      const command: AgentCommand = i % 2 === 0 ? ready : { type: 'PauseAgent', agentId: 'ag1', reason: 'break', at: T0 };
      await handleCommand(store, agentDecider, stream, command, { commandId: `cmd-${i}` }, { cache });
    }
    const countBefore = (await readStream(store)).length;
    for (const options of [{ cache }, { cache: new StreamStateCache() }, {}]) {
      const retried = await handleCommand(store, agentDecider, stream, ready, { commandId: 'cmd-0' }, options);
      expect(retried.replayed).toBe(true);
    }
    expect(await readStream(store)).toHaveLength(countBefore);
  });
});
