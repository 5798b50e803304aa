import { describe, expect, it } from '@jest/globals';
import { openEventStore } from '../../../src/adapters/event-store/event-store.factory.js';
import { MemoryEventStore } from '../../../src/adapters/event-store/memory.event-store.js';
import { WrongExpectedRevisionError } from '../../../src/application/ports/event-store.port.js';
import { anEvent, newStreamId, rejectionOf } from './event-store.helpers.js';

describe('openEventStore', () => {
  it('opens the in-memory store', async () => {
    const store = openEventStore({ kind: 'memory' });

    expect(store).toBeInstanceOf(MemoryEventStore);
    await store.close();
  });

  it('names EVENTSTORE_CONNECTION_STRING when EventStoreDB is chosen without one', () => {
    expect(() => openEventStore({ kind: 'eventstoredb' })).toThrow(/EVENTSTORE_CONNECTION_STRING/);
  });

  it('asks for a file when SQLite is chosen without one', () => {
    expect(() => openEventStore({ kind: 'sqlite' })).toThrow(/needs a file/);
  });

  it('opens an EventStoreDB client that reports an unreachable server as such, not as a conflict', async () => {
    const store = openEventStore({ kind: 'eventstoredb', connectionString: 'esdb://localhost:1?tls=false' });

    const error = await rejectionOf(store.append(newStreamId(), [anEvent()], 'no_stream'));
    await store.close();

    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(WrongExpectedRevisionError);
  });
});
