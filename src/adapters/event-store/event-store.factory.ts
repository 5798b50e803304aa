import { type EventStore } from '../../application/ports/event-store.port.js';
import { assertNever } from '../../domain/shared/domain-error.js';
import { openEventStoreDb } from './eventstoredb.event-store.js';
import { MemoryEventStore } from './memory.event-store.js';
import { openSqliteEventStore } from './sqlite.event-store.js';

export interface EventStoreConfig {
  readonly kind: 'sqlite' | 'eventstoredb' | 'memory';
  readonly sqliteFile?: string;
  readonly connectionString?: string;
}

export function openEventStore(config: EventStoreConfig): EventStore {
  switch (config.kind) {
    case 'memory':
      return new MemoryEventStore();
    case 'sqlite':
      if (!config.sqliteFile) throw new Error('the sqlite event store needs a file (set DATA_DIR)');
      return openSqliteEventStore(config.sqliteFile);
    case 'eventstoredb':
      if (!config.connectionString) {
        throw new Error(
          'EVENT_STORE=eventstoredb needs EVENTSTORE_CONNECTION_STRING (e.g. esdb://localhost:2113?tls=false)',
        );
      }
      return openEventStoreDb(config.connectionString);
    default:
      return assertNever(config.kind);
  }
}
