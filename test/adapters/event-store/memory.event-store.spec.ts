import { MemoryEventStore } from '../../../src/adapters/event-store/memory.event-store.js';
import { eventStoreContract } from './event-store.contract.js';

eventStoreContract('memory', async () => new MemoryEventStore());
