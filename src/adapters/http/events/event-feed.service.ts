import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import {
  EVENT_STORE,
  type EventStore,
  type StoredEvent,
} from '../../../application/ports/event-store.port.js';
import { ProjectionsService } from '../../../application/projections/projections.service.js';
import { LOGGER, type Logger } from '../../observability/logger.js';
import { CampaignScope } from './campaign-scope.js';
import { frameOf } from './event-frame.js';
import type { FeedRequest } from './events.request.js';
import { SseStream } from './sse-stream.js';

/**
 * `GET /api/events`: one catch-up subscription on the event store per client, filtered and masked, closed when the
 * client leaves; every stream is ended before the service shuts down (an open response would hold the server).
 */
@Injectable()
export class EventFeed implements BeforeApplicationShutdown {
  private readonly streams = new Set<SseStream>();
  private readonly logger: Logger;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(ProjectionsService) private readonly projections: ProjectionsService,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ module: 'event-feed' });
  }

  /** Clients connected now. */
  get openStreams(): number {
    return this.streams.size;
  }

  async open(response: ServerResponse, request: FeedRequest): Promise<void> {
    const stream = new SseStream(response);
    this.streams.add(stream);
    stream.onClose(() => this.streams.delete(stream));
    const after = request.after ?? this.storedUpTo();
    let scope: CampaignScope | undefined;
    try {
      scope =
        request.campaignId === undefined
          ? undefined
          : await CampaignScope.load(this.events, request.campaignId, after);
    } catch (error) {
      this.logger.warn({ err: error }, 'event feed: could not read the campaign; the client will reconnect');
      stream.end();
      return;
    }
    if (stream.closed) return;
    const wanted = (event: StoredEvent): boolean =>
      (scope === undefined || scope.includes(event)) &&
      (request.types === undefined || request.types.has(event.type));
    const subscription = this.events.subscribeToAll({
      ...(after === undefined ? {} : { fromPosition: after }),
      onEvent: (event) => (wanted(event) ? stream.send(frameOf(event, request.phones)) : undefined),
      onError: (error) => {
        this.logger.warn(
          { err: error },
          'event feed: the store subscription failed; the client will reconnect',
        );
        stream.end();
      },
    });
    stream.onClose(() => void subscription.close());
  }

  beforeApplicationShutdown(): void {
    for (const stream of [...this.streams]) stream.end();
  }

  /**
   * A new client starts after what the read models already reflect: the counters it loads next include everything
   * before, the feed brings everything after. Before anything was projected it starts at the beginning.
   */
  private storedUpTo(): bigint | undefined {
    const position = this.projections.projector.caughtUpTo();
    return position < 0n ? undefined : position;
  }
}
