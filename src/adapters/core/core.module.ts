import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { COMMAND_HANDLERS } from '../../application/commands/command.handlers.js';
import { StreamStateCache } from '../../application/commands/stream-state.cache.js';
import { ProjectionsService } from '../../application/projections/projections.service.js';
import { CLOCK, type Clock } from '../../application/ports/clock.port.js';
import { EVENT_STORE, type EventStore } from '../../application/ports/event-store.port.js';
import { READ_MODEL_STORE, type ReadModelStore } from '../../application/ports/read-model-store.port.js';
import { StreamHistoryHandler } from '../../application/queries/stream-history.query.js';
import { SystemClock } from '../clock/system.clock.js';
import { CONFIG, type Config } from '../config/config.js';
import { openEventStore } from '../event-store/event-store.factory.js';
import { SqliteEventStore } from '../event-store/sqlite.event-store.js';
import { ApiKeyGuard } from '../http/shared/api-key.guard.js';
import { SqliteReadModelStore } from '../read-models/sqlite.read-model-store.js';

export interface CoreOverrides {
  readonly eventStore?: EventStore;
  readonly readModels?: ReadModelStore;
  readonly clock?: Clock;
}

/** The ports every feature module uses, bound once and shared (global). */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: Config, overrides: CoreOverrides = {}): DynamicModule {
    const providers: Provider[] = [
      { provide: CONFIG, useValue: config },
      {
        provide: EVENT_STORE,
        useFactory: () =>
          overrides.eventStore ??
          (config.eventStore.kind === 'sqlite'
            ? openEventStore({ kind: 'sqlite', sqliteFile: config.eventStore.file })
            : openEventStore({ kind: 'eventstoredb', connectionString: config.eventStore.connectionString })),
      },
      {
        provide: READ_MODEL_STORE,
        inject: [EVENT_STORE],
        useFactory: (events: EventStore) => {
          if (overrides.readModels !== undefined) return overrides.readModels;
          // on the event store's own file its checkpointer covers the read models too, and holds their commits with its own
          const sharesFile = config.eventStore.kind === 'sqlite' && config.eventStore.file === config.readModelFile;
          const writeHold = sharesFile && events instanceof SqliteEventStore ? { writeHold: events.writeHold } : {};
          return new SqliteReadModelStore(config.readModelFile, { checkpointInBackground: !sharesFile, ...writeHold });
        },
      },
      { provide: CLOCK, useValue: overrides.clock ?? new SystemClock() },
      { provide: StreamStateCache, useValue: new StreamStateCache() },
      ProjectionsService,
      ApiKeyGuard,
      StreamHistoryHandler,
      ...COMMAND_HANDLERS,
    ];
    return {
      module: CoreModule,
      imports: [CqrsModule.forRoot()],
      providers,
      exports: [CONFIG, EVENT_STORE, READ_MODEL_STORE, CLOCK, StreamStateCache, ProjectionsService, ApiKeyGuard, CqrsModule],
    };
  }
}
