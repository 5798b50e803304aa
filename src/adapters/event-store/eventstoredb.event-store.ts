import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type SubscribeOptions,
  type Subscription,
  WrongExpectedRevisionError,
} from '../../application/ports/event-store.port.js';
import { OpenSubscriptions } from './open-subscriptions.js';
import { assertAppendable } from './append-rules.js';
import { isSystemEvent, toEventData, toStoredEvent } from './eventstoredb.mapping.js';
import { EventStoreDbSubscription } from './eventstoredb.subscription.js';

/** Connects to EventStoreDB, e.g. `esdb://localhost:2113?tls=false`. */
export function openEventStoreDb(connectionString: string): EventStore {
  return new EventStoreDbEventStore(EventStoreDBClient.connectionString(connectionString));
}

/** Positions are `$all` commit positions; system events never reach the application. */
class EventStoreDbEventStore implements EventStore {
  private readonly subscriptions = new OpenSubscriptions<EventStoreDbSubscription>();

  constructor(private readonly client: EventStoreDBClient) {}

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    assertAppendable(events);
    try {
      const result = await this.client.appendToStream(streamId, events.map(toEventData), {
        expectedRevision,
      });
      const position =
        result.position?.commit ?? (await this.positionOf(streamId, result.nextExpectedRevision));
      return { nextRevision: result.nextExpectedRevision, position };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        throw new WrongExpectedRevisionError(streamId, expectedRevision, error.actualVersion);
      }
      throw error;
    }
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    if (options.maxCount === 0) return;
    const backwards = options.direction === 'backwards';
    const read = this.client.readStream(streamId, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: options.fromRevision ?? (backwards ? END : START),
      ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
    });
    try {
      for await (const { event } of read) {
        if (event !== undefined) yield toStoredEvent(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return;
      throw error;
    } finally {
      await read.cancel();
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    const after = options.fromPosition;
    const limit = options.maxCount ?? Number.POSITIVE_INFINITY;
    if (limit <= 0) return;
    // The server reads from a position inclusively and counts system events; filter and count here.
    const read = this.client.readAll({
      direction: FORWARDS,
      fromPosition: after === undefined ? START : { commit: after, prepare: after },
    });
    let delivered = 0;
    try {
      for await (const { event } of read) {
        if (event === undefined || isSystemEvent(event)) continue;
        if (after !== undefined && event.position.commit <= after) continue;
        yield toStoredEvent(event);
        delivered += 1;
        if (delivered >= limit) return;
      }
    } finally {
      await read.cancel();
    }
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    const subscription = new EventStoreDbSubscription(this.client, options);
    return this.subscriptions.track(subscription);
  }

  async close(): Promise<void> {
    await this.subscriptions.closeAll();
    await this.client.dispose();
  }

  /** An idempotent append is answered without a position; the stored event still has one. */
  private async positionOf(streamId: string, revision: bigint): Promise<bigint> {
    for await (const event of this.readStream(streamId, { fromRevision: revision, maxCount: 1 })) {
      return event.position;
    }
    throw new Error(`stream ${streamId} has no event at revision ${revision}`);
  }
}
