import { describe, expect, it } from '@jest/globals';
import { MemoryEventStore } from '../../src/adapters/event-store/memory.event-store.js';
import { handleCommand } from '../../src/application/commands/handle-command.js';
import { handleCommandsTogether, type CommandOnStream } from '../../src/application/commands/handle-commands-together.js';
import { StreamStateCache } from '../../src/application/commands/stream-state.cache.js';
import type { EventStore, StoredEvent, StreamAppend } from '../../src/application/ports/event-store.port.js';
import { agentDecider } from '../../src/domain/agent/agent.decider.js';
import type { AgentCommand } from '../../src/domain/agent/agent.commands.js';
import { contactDecider } from '../../src/domain/contact/contact.decider.js';
import type { ContactCommand } from '../../src/domain/contact/contact.commands.js';
import { DomainError } from '../../src/domain/shared/domain-error.js';
import { oneStreamAtATime } from '../support/one-stream-at-a-time.js';

const T0 = '2026-03-02T04:30:00.000Z';
const agentStream = 'agent-ag1';
const contactStream = 'contact-c1';

async function readyAgentAndQueuedContact(store: EventStore): Promise<void> {
  await handleCommand(store, agentDecider, agentStream, { type: 'RegisterAgent', agentId: 'ag1', name: 'Asha', phone: '+919876543210', at: T0 }, { commandId: 'register' });
  await handleCommand(store, agentDecider, agentStream, { type: 'MakeAgentAvailable', agentId: 'ag1', at: T0 }, { commandId: 'ready' });
  await handleCommand(store, contactDecider, contactStream, { type: 'AddContact', contactId: 'c1', campaignId: 'k1', phone: '+919812345678', at: T0 }, { commandId: 'add' });
}

const reserveAndDial = (attemptId: string): CommandOnStream[] => [
  { decider: agentDecider, streamId: agentStream, command: { type: 'ReserveAgent', agentId: 'ag1', attemptId, contactId: 'c1', campaignId: 'k1', at: T0 } satisfies AgentCommand, context: { commandId: `${attemptId}:reserve` } },
  { decider: contactDecider, streamId: contactStream, command: { type: 'DialContact', contactId: 'c1', attemptId, agentId: 'ag1', at: T0 } satisfies ContactCommand, context: { commandId: `${attemptId}:dial` } },
];

async function all(store: EventStore): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for await (const event of store.readAll()) events.push(event);
  return events;
}

/** The memory store with a count of its atomic appends. */
function countingStore() {
  const store = new MemoryEventStore();
  const calls: StreamAppend[][] = [];
  const atomically = store.appendAtomically.bind(store);
  store.appendAtomically = (appends) => {
    calls.push([...appends]);
    return atomically(appends);
  };
  return { store, calls };
}

describe('handleCommandsTogether', () => {
  it('decides each command on its own stream and stores them in one atomic append, in order', async () => {
    const { store, calls } = countingStore();
    await readyAgentAndQueuedContact(store);
    const cache = new StreamStateCache();

    const [reserved, dialed] = await handleCommandsTogether(store, reserveAndDial('c1~a1'), { cache });

    expect(calls).toHaveLength(1);
    expect(reserved).toMatchObject({ events: [{ type: 'AgentReserved' }], revision: 2n, replayed: false });
    expect(dialed).toMatchObject({ events: [{ type: 'ContactDialed' }], revision: 1n, replayed: false });
    expect((await all(store)).slice(-2).map((e) => [e.streamId, e.type])).toEqual([[agentStream, 'AgentReserved'], [contactStream, 'ContactDialed']]);
    expect(cache.get(agentStream)).toMatchObject({ state: { status: 'reserved' }, expected: 2n });
    expect(cache.get(contactStream)).toMatchObject({ state: { status: 'dialing' }, expected: 1n });
  });

  it('writes nothing when either command is refused by its domain', async () => {
    const { store } = countingStore();
    await readyAgentAndQueuedContact(store);
    await handleCommand(store, agentDecider, agentStream, { type: 'PauseAgent', agentId: 'ag1', reason: 'break', at: T0 }, { commandId: 'pause' });
    const before = (await all(store)).length;

    const refused = await handleCommandsTogether(store, reserveAndDial('c1~a1')).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toMatch(/^agent\./);
    expect(await all(store)).toHaveLength(before);
  });

  it('answers a retry with what the first try wrote, and writes nothing more', async () => {
    const { store } = countingStore();
    await readyAgentAndQueuedContact(store);
    const first = await handleCommandsTogether(store, reserveAndDial('c1~a1'));
    const count = (await all(store)).length;

    const again = await handleCommandsTogether(store, reserveAndDial('c1~a1'), { cache: new StreamStateCache() });

    expect(again.map((r) => r.replayed)).toEqual([true, true]);
    expect(again.map((r) => r.events.map((e) => e.type))).toEqual(first.map((r) => r.events.map((e) => e.type)));
    expect(await all(store)).toHaveLength(count);
  });

  it('decides again on fresh state when another writer got in between the decision and the append', async () => {
    const { store, calls } = countingStore();
    await readyAgentAndQueuedContact(store);
    const atomically = store.appendAtomically.bind(store);
    store.appendAtomically = async (appends) => {
      if (calls.length === 0) {
        // another instance: the agent took a break and came back, just before this append
        await handleCommand(store, agentDecider, agentStream, { type: 'PauseAgent', agentId: 'ag1', reason: 'break', at: T0 }, { commandId: 'pause' });
        await handleCommand(store, agentDecider, agentStream, { type: 'MakeAgentAvailable', agentId: 'ag1', at: T0 }, { commandId: 'back' });
      }
      return atomically(appends);
    };

    const [reserved, dialed] = await handleCommandsTogether(store, reserveAndDial('c1~a1'), { cache: new StreamStateCache() });

    expect(calls).toHaveLength(2);
    expect(reserved).toMatchObject({ events: [{ type: 'AgentReserved' }], revision: 4n });
    expect(dialed).toMatchObject({ events: [{ type: 'ContactDialed' }], revision: 1n });
  });

  it('does not refuse on stale cached streams: a refusal is decided again on what the store holds', async () => {
    const { store, calls } = countingStore();
    const cache = new StreamStateCache();
    await handleCommand(store, agentDecider, agentStream, { type: 'RegisterAgent', agentId: 'ag1', name: 'Asha', phone: '+919876543210', at: T0 }, { commandId: 'register' }, { cache });
    await handleCommand(store, contactDecider, contactStream, { type: 'AddContact', contactId: 'c1', campaignId: 'k1', phone: '+919812345678', at: T0 }, { commandId: 'add' }, { cache });
    await handleCommand(store, agentDecider, agentStream, { type: 'MakeAgentAvailable', agentId: 'ag1', at: T0 }, { commandId: 'ready' }); // another instance

    const [reserved, dialed] = await handleCommandsTogether(store, reserveAndDial('c1~a1'), { cache });

    expect(calls).toHaveLength(1);
    expect(reserved).toMatchObject({ events: [{ type: 'AgentReserved' }], revision: 2n });
    expect(dialed).toMatchObject({ events: [{ type: 'ContactDialed' }], revision: 1n });
  });

  it('decides several commands for one stream in turn, and stores them with the others in the same append', async () => {
    const { store, calls } = countingStore();
    await handleCommand(store, agentDecider, agentStream, { type: 'RegisterAgent', agentId: 'ag1', name: 'Asha', phone: '+919876543210', at: T0 }, { commandId: 'register' });
    await handleCommand(store, contactDecider, contactStream, { type: 'AddContact', contactId: 'c1', campaignId: 'k1', phone: '+919812345678', at: T0 }, { commandId: 'add' });
    const cache = new StreamStateCache();
    const readyFirst: CommandOnStream = { decider: agentDecider, streamId: agentStream, command: { type: 'MakeAgentAvailable', agentId: 'ag1', at: T0 } satisfies AgentCommand, context: { commandId: 'ready' } };

    const [ready, reserved, dialed] = await handleCommandsTogether(store, [readyFirst, ...reserveAndDial('c1~a1')], { cache });

    expect(calls.map((appends) => appends.map(({ streamId, events }) => [streamId, events.length]))).toEqual([[[agentStream, 2], [contactStream, 1]]]);
    expect(ready).toMatchObject({ events: [{ type: 'AgentBecameAvailable' }], revision: 1n });
    expect(reserved).toMatchObject({ events: [{ type: 'AgentReserved' }], revision: 2n });
    expect(dialed).toMatchObject({ events: [{ type: 'ContactDialed' }], revision: 1n });
    expect(cache.get(agentStream)).toMatchObject({ state: { status: 'reserved' }, expected: 2n });
    // the same again: each command is answered from what it wrote, nothing more is stored
    const again = await handleCommandsTogether(store, [readyFirst, ...reserveAndDial('c1~a1')], { cache: new StreamStateCache() });
    expect(again.map((result) => result.replayed)).toEqual([true, true, true]);
    expect(calls).toHaveLength(1);
  });

  it('appends one stream after the other on a store without atomic appends', async () => {
    const memory = new MemoryEventStore();
    const store = oneStreamAtATime(memory);
    await readyAgentAndQueuedContact(store);

    const [reserved, dialed] = await handleCommandsTogether(store, reserveAndDial('c1~a1'));

    expect([reserved?.revision, dialed?.revision]).toEqual([2n, 1n]);
    expect((await all(memory)).slice(-2).map((e) => e.type)).toEqual(['AgentReserved', 'ContactDialed']);
  });
});
