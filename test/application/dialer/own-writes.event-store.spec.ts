import { describe, expect, it } from '@jest/globals';
import { MemoryEventStore } from '../../../src/adapters/event-store/memory.event-store.js';
import { OwnWritesEventStore } from '../../../src/application/dialer/own-writes.event-store.js';
import { WrongExpectedRevisionError, type EventStore, type StoredEvent } from '../../../src/application/ports/event-store.port.js';
import { oneStreamAtATime } from '../../support/one-stream-at-a-time.js';

const available = (id: string) => ({ id, type: 'AgentBecameAvailable', data: { agentId: 'a1', at: '2026-03-02T03:30:00.000Z' } });
const paused = (id: string) => ({ id, type: 'AgentPaused', data: { agentId: 'a1', reason: 'break', at: '2026-03-02T03:30:00.000Z' } });

async function stored(store: EventStore, id: string): Promise<StoredEvent> {
  for await (const event of store.readAll()) if (event.id === id) return event;
  throw new Error(`no event ${id}`);
}

describe('OwnWritesEventStore', () => {
  it('gives back, once, the event it appended under that id, as the domain wrote it', async () => {
    const store = new MemoryEventStore();
    const writes = new OwnWritesEventStore(store);
    const event = available('e1');
    await writes.append('agent-a1', [event], 'no_stream');
    const e1 = await stored(store, 'e1');
    expect(writes.take(e1)).toEqual({ type: 'AgentBecameAvailable', data: event.data });
    expect(writes.take(e1)?.data).toBeUndefined();
    expect(writes.take({ ...e1, id: 'someone-else' })).toBeUndefined();
  });

  it('offers atomic appends exactly when the store does, and remembers every event of them', async () => {
    const store = new MemoryEventStore();
    const writes = new OwnWritesEventStore(store);
    await writes.appendAtomically!([
      { streamId: 'agent-a1', events: [available('e1')], expectedRevision: 'no_stream' },
      { streamId: 'agent-a2', events: [available('e2')], expectedRevision: 'no_stream' },
    ]);
    expect([writes.take(await stored(store, 'e1'))?.type, writes.take(await stored(store, 'e2'))?.type]).toEqual(['AgentBecameAvailable', 'AgentBecameAvailable']);

    expect(new OwnWritesEventStore(oneStreamAtATime(new MemoryEventStore())).appendAtomically).toBeUndefined();
  });

  it('forgets an append the store refused', async () => {
    const writes = new OwnWritesEventStore(new MemoryEventStore());
    await expect(writes.append('agent-a1', [available('e1')], 3n)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(writes.take({ id: 'e1', streamId: 'agent-a1', revision: 3n })).toBeUndefined();
  });

  it('does not give its own event for one stored under the same id elsewhere in the stream, before its append fails', async () => {
    const store = new MemoryEventStore();
    const writes = new OwnWritesEventStore(store);
    await store.append('agent-a1', [available('e0')], 'no_stream');
    // another instance moves the stream on, then stores the same command first, decided on that newer state:
    // another event under the same id, one revision further on
    await store.append('agent-a1', [paused('x')], 0n);
    await store.append('agent-a1', [available('e1')], 1n);
    // this instance decided the command on the stale state and appends at revision 1; the subscription brings the
    // other instance's e1 before this append has failed
    const theirs = await stored(store, 'e1');
    const refused = writes.append('agent-a1', [paused('e1'), available('e2')], 0n);
    expect(writes.take(theirs)).toBeUndefined();
    await expect(refused).rejects.toBeInstanceOf(WrongExpectedRevisionError);
  });
});
