import { describe, it } from '@jest/globals';
import { openEventStoreDb } from '../../../src/adapters/event-store/eventstoredb.event-store.js';
import { eventStoreContract } from './event-store.contract.js';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString) {
  eventStoreContract('eventstoredb', async () => openEventStoreDb(connectionString), { atomicAppends: false });
} else {
  const reason =
    'skipped: EVENTSTORE_CONNECTION_STRING not set (docker compose up -d eventstore, then set it to esdb://localhost:2113?tls=false)';
  console.warn(`EventStoreDB contract suite ${reason}`);
  describe('eventstoredb honours the EventStore contract', () => {
    it.skip(reason, () => undefined);
  });
}
