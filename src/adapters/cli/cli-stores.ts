import type { EventStore } from '../../application/ports/event-store.port.js';
import type { ReadModelStore } from '../../application/ports/read-model-store.port.js';
import { loadConfig, type Config } from '../config/config.js';
import { openEventStore } from '../event-store/event-store.factory.js';
import { SqliteEventStore } from '../event-store/sqlite.event-store.js';
import { SqliteReadModelStore } from '../read-models/sqlite.read-model-store.js';

/** The stores the service would open with the same environment; read models only when a command asks. */
export class CliStores {
  private openedReadModels: ReadModelStore | undefined;

  constructor(
    readonly config: Config,
    readonly events: EventStore,
  ) {}

  get readModels(): ReadModelStore {
    this.openedReadModels ??= new SqliteReadModelStore(this.config.readModelFile);
    return this.openedReadModels;
  }

  /** The last stored position when the store can tell cheaply (SQLite), for a progress bar. */
  lastPosition(): bigint | undefined {
    return this.events instanceof SqliteEventStore ? this.events.lastPosition() : undefined;
  }

  async close(): Promise<void> {
    this.openedReadModels?.close();
    await this.events.close();
  }
}

function openEvents(config: Config): EventStore {
  return config.eventStore.kind === 'sqlite'
    ? openEventStore({ kind: 'sqlite', sqliteFile: config.eventStore.file })
    : openEventStore({ kind: 'eventstoredb', connectionString: config.eventStore.connectionString });
}

/** Opens the stores from `env` (as `loadConfig` reads it for the service), runs `work`, and always closes them. */
export async function withStores<T>(
  env: Record<string, string | undefined>,
  work: (stores: CliStores) => Promise<T>,
): Promise<T> {
  const config = loadConfig(env, { keepGeneratedCredentials: false });
  const stores = new CliStores(config, openEvents(config));
  try {
    return await work(stores);
  } finally {
    await stores.close();
  }
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
