import { Inject, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { CLOCK, type Clock } from '../../../application/ports/clock.port.js';
import { EVENT_STORE, type EventStore } from '../../../application/ports/event-store.port.js';
import { READ_MODEL_STORE, type ReadModelStore } from '../../../application/ports/read-model-store.port.js';
import { ListCampaigns } from '../../../application/use-cases/campaigns/list-campaigns.js';
import {
  DO_NOT_CALL_LIST,
  DoNotCallList,
} from '../../../application/use-cases/do-not-call/do-not-call-list.js';
import { SCRATCH_READ_MODELS, type ScratchReadModels } from '../../../application/use-cases/stats/as-of.js';
import { StatsQueries } from '../../../application/use-cases/stats/stats-queries.js';
import { MemoryReadModelStore } from '../../read-models/memory.read-model-store.js';
import { AgentsController } from './agents/agents.controller.js';
import { CampaignsController } from './campaigns/campaigns.controller.js';
import { ContactsController } from './contacts/contacts.controller.js';
import { ImportContactsController } from './contacts/import-contacts.controller.js';
import { DoNotCallController } from './dnc/dnc.controller.js';
import { DocsController } from './docs/docs.controller.js';
import { CommandSender } from './shared/command-sender.js';
import { IdempotencyCache } from './shared/idempotency.cache.js';
import { IdempotencyInterceptor } from './shared/idempotency.interceptor.js';
import { StatsController } from './stats/stats.controller.js';

export const API_CONTROLLERS = [
  CampaignsController,
  ImportContactsController,
  ContactsController,
  AgentsController,
  DoNotCallController,
  StatsController,
  DocsController,
];

/** The REST API under `/api` (Bearer API_KEY) and its documentation under `/docs`. */
@Module({
  controllers: API_CONTROLLERS,
  providers: [
    CommandSender,
    { provide: IdempotencyCache, useValue: new IdempotencyCache() },
    IdempotencyInterceptor,
    {
      provide: ListCampaigns,
      useFactory: (events: EventStore) => new ListCampaigns(events),
      inject: [EVENT_STORE],
    },
    DoNotCallList,
    { provide: DO_NOT_CALL_LIST, useExisting: DoNotCallList },
    {
      provide: SCRATCH_READ_MODELS,
      useValue: (() => new MemoryReadModelStore()) satisfies ScratchReadModels,
    },
    {
      provide: StatsQueries,
      useFactory: (
        events: EventStore,
        readModels: ReadModelStore,
        scratch: ScratchReadModels,
        clock: Clock,
      ) => new StatsQueries(events, readModels, scratch, clock),
      inject: [EVENT_STORE, READ_MODEL_STORE, SCRATCH_READ_MODELS, CLOCK],
    },
  ],
  exports: [DoNotCallList, DO_NOT_CALL_LIST],
})
export class ApiModule implements OnApplicationBootstrap {
  constructor(
    @Inject(ListCampaigns) private readonly campaigns: ListCampaigns,
    @Inject(DoNotCallList) private readonly doNotCall: DoNotCallList,
  ) {}

  /** The campaign and do-not-call lists fold the log; start that in the background rather than on the first request. */
  onApplicationBootstrap(): void {
    this.campaigns.warmUp();
    this.doNotCall.warmUp();
  }
}
