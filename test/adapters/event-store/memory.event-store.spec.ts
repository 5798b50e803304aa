import { describe, expect, it } from '@jest/globals';
import { MemoryEventStore } from '../../../src/adapters/event-store/memory.event-store.js';
import { WrongExpectedRevisionError } from '../../../src/application/ports/event-store.port.js';
import { eventStoreContract } from './event-store.contract.js';
import { anEvent, collect, newStreamId } from './event-store.helpers.js';

eventStoreContract('memory', async () => new MemoryEventStore());

describe('MemoryEventStore', () => {
  it('hands out payloads nobody can change: not the appender, not a reader', async () => {
    const store = new MemoryEventStore();
    const streamId = newStreamId();
    const data = { nested: { n: 1 }, list: [1] };
    const metadata = { correlationId: 'c' };
    await store.append(streamId, [anEvent('Happened', data, metadata)], 'no_stream');
    data.nested.n = 2;
    data.list.push(2);
    metadata.correlationId = 'changed';

    const [read] = await collect(store.readStream(streamId));
    expect(read!.data).toEqual({ nested: { n: 1 }, list: [1] });
    expect(read!.metadata).toEqual({ correlationId: 'c' });
    expect(() => {
      (read!.data as { nested: { n: number } }).nested.n = 3;
    }).toThrow(TypeError);
    expect(() => {
      (read!.metadata as { correlationId: string }).correlationId = 'mine';
    }).toThrow(TypeError);
    const [again] = await collect(store.readAll());
    expect(again!.data).toEqual({ nested: { n: 1 }, list: [1] });
  });

  it('refuses an append at the current revision that reuses a stored id, and changes nothing', async () => {
    const store = new MemoryEventStore();
    const [one, other] = [newStreamId(), newStreamId()];
    const stored = anEvent('First');
    await store.append(one, [stored], 'no_stream');
    await store.append(other, [anEvent('Second')], 'no_stream');

    const fresh = anEvent('Fresh');
    const reused = { ...anEvent('Third'), id: stored.id };
    await expect(store.append(other, [fresh, reused], 0n)).rejects.toBeInstanceOf(WrongExpectedRevisionError);

    expect((await collect(store.readAll())).map((event) => event.type)).toEqual(['First', 'Second']);
    // the stored id still answers a retry of its own append, and the fresh id was not kept
    await expect(store.append(one, [stored], 'no_stream')).resolves.toEqual({ nextRevision: 0n, position: 1n });
    await expect(store.append(other, [fresh], 0n)).resolves.toEqual({ nextRevision: 1n, position: 3n });
  });
});
