import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../ports/event-store.port.js';
import { READ_MODEL_STORE, type ReadModelStore } from '../ports/read-model-store.port.js';
import { metricsProjection } from './metrics.projection.js';
import { presenceProjection } from './presence.projection.js';
import { Projector } from './projector.js';
import { queueProjection } from './queue.projection.js';

export const ALL_PROJECTIONS = [queueProjection, presenceProjection, metricsProjection] as const;
export type ProjectionName = (typeof ALL_PROJECTIONS)[number]['name'];

/** Runs the read models inside the service, fed by the event store's subscription. */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly projector: Projector;
  lastError?: Error;

  constructor(
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(READ_MODEL_STORE) readonly readModels: ReadModelStore,
  ) {
    this.projector = new Projector(events, readModels, ALL_PROJECTIONS, { onError: (error) => (this.lastError = error) });
  }

  onApplicationBootstrap(): void {
    this.projector.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.projector.stop();
  }

  /** Lets a query see its own write: waits until the read models include `position`. */
  waitFor(position: bigint | undefined, timeoutMs = 2000): Promise<boolean> {
    return position === undefined ? Promise.resolve(true) : this.projector.waitFor(position, timeoutMs);
  }
}
