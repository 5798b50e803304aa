import type { EventStore } from '../../src/application/ports/event-store.port.js';

/** The store's one-stream operations only: a store without atomic appends (as EventStoreDB). */
export function oneStreamAtATime(store: EventStore): EventStore {
  return {
    append: store.append.bind(store),
    readStream: store.readStream.bind(store),
    readAll: store.readAll.bind(store),
    subscribeToAll: store.subscribeToAll.bind(store),
    close: store.close.bind(store),
  };
}
