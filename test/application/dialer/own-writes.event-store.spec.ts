import { describe, expect, it } from '@jest/globals';
import { MemoryEventStore } from '../../../src/adapters/event-store/memory.event-store.js';
import { OwnWritesEventStore } from '../../../src/application/dialer/own-writes.event-store.js';
import { WrongExpectedRevisionError } from '../../../src/application/ports/event-store.port.js';
import { oneStreamAtATime } from '../../support/one-stream-at-a-time.js';

const available = (id: string) => ({ id, type: 'AgentBecameAvailable', data: { agentId: 'a1', at: '2026-03-02T03:30:00.000Z' } });

describe('OwnWritesEventStore', () => {
  it('gives back, once, the event it appended under that id, as the domain wrote it', async () => {
    const writes = new OwnWritesEventStore(new MemoryEventStore());
    const event = available('e1');
    await writes.append('agent-a1', [event], 'no_stream');
    expect(writes.take('e1')).toEqual({ type: 'AgentBecameAvailable', data: event.data });
    expect(writes.take('e1')?.data).toBeUndefined();
    expect(writes.take('someone-else')).toBeUndefined();
  });

  it('offers atomic appends exactly when the store does, and remembers every event of them', async () => {
    const writes = new OwnWritesEventStore(new MemoryEventStore());
    await writes.appendAtomically!([
      { streamId: 'agent-a1', events: [available('e1')], expectedRevision: 'no_stream' },
      { streamId: 'agent-a2', events: [available('e2')], expectedRevision: 'no_stream' },
    ]);
    expect([writes.take('e1')?.type, writes.take('e2')?.type]).toEqual(['AgentBecameAvailable', 'AgentBecameAvailable']);

    expect(new OwnWritesEventStore(oneStreamAtATime(new MemoryEventStore())).appendAtomically).toBeUndefined();
  });

  it('forgets an append the store refused', async () => {
    const writes = new OwnWritesEventStore(new MemoryEventStore());
    await expect(writes.append('agent-a1', [available('e1')], 3n)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(writes.take('e1')).toBeUndefined();
  });
});
