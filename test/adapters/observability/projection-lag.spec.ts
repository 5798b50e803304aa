import { describe, expect, it } from '@jest/globals';
import { MemoryEventStore } from '../../../src/adapters/event-store/memory.event-store.js';
import { projectionLag } from '../../../src/adapters/observability/projection-lag.js';
import { anEvent } from '../event-store/event-store.helpers.js';

/** The SQLite store's shape: dense positions and a `lastPosition()`. */
class DenseStore extends MemoryEventStore {
  constructor(private readonly last: bigint) {
    super();
  }

  lastPosition(): bigint {
    return this.last;
  }
}

describe('projection lag', () => {
  it('is the difference of positions on a store with dense positions', async () => {
    expect(await projectionLag(new DenseStore(1500n), 400n, 1000)).toEqual({
      events: 1100,
      capped: false,
      head: 1500n,
    });
    expect(await projectionLag(new DenseStore(7n), 7n, 1000)).toMatchObject({ events: 0 });
  });

  it('is zero on an empty store before the projector has seen anything', async () => {
    expect(await projectionLag(new DenseStore(0n), -1n, 1000)).toMatchObject({ events: 0 });
  });

  it('counts the events after the projector elsewhere, up to the cap', async () => {
    const store = new MemoryEventStore();
    await store.append('test-1', [anEvent(), anEvent(), anEvent()], 'no_stream');
    await store.append('test-2', [anEvent(), anEvent()], 'no_stream');
    expect(await projectionLag(store, -1n, 1000)).toEqual({ events: 5, capped: false, head: 5n });
    expect(await projectionLag(store, 3n, 1000)).toEqual({ events: 2, capped: false, head: 5n });
    expect(await projectionLag(store, 5n, 1000)).toEqual({ events: 0, capped: false });
    expect(await projectionLag(store, -1n, 2)).toEqual({ events: 3, capped: true, head: 3n });
  });
});
