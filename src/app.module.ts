import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { COMMAND_HANDLERS } from './application/commands/command.handlers.js';
import { StreamStateCache } from './application/commands/stream-state.cache.js';
import { ProjectionsService } from './application/projections/projections.service.js';
import { CLOCK, type Clock } from './application/ports/clock.port.js';
import { EVENT_STORE, type EventStore } from './application/ports/event-store.port.js';
import { READ_MODEL_STORE } from './application/ports/read-model-store.port.js';
import { StreamHistoryHandler } from './application/queries/stream-history.query.js';
import { SystemClock } from './adapters/clock/system.clock.js';
import { CONFIG, type Config } from './adapters/config/config.js';
import { openEventStore } from './adapters/event-store/event-store.factory.js';
import { HistoryController } from './adapters/http/history/history.controller.js';
import { ApiKeyGuard } from './adapters/http/shared/api-key.guard.js';
import { SqliteReadModelStore } from './adapters/read-models/sqlite.read-model-store.js';

export interface AppOverrides {
  readonly eventStore?: EventStore;
  readonly clock?: Clock;
}

/** Wiring only: binds every port to the adapter the configuration asks for. */
@Module({})
export class AppModule {
  static forRoot(config: Config, overrides: AppOverrides = {}): DynamicModule {
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
      { provide: READ_MODEL_STORE, useFactory: () => new SqliteReadModelStore(config.readModelFile) },
      { provide: CLOCK, useValue: overrides.clock ?? new SystemClock() },
      { provide: StreamStateCache, useValue: new StreamStateCache() },
      ProjectionsService,
      ApiKeyGuard,
      StreamHistoryHandler,
      ...COMMAND_HANDLERS,
    ];
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot()],
      controllers: [HistoryController],
      providers,
    };
  }
}
