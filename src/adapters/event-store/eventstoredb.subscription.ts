import {
  type AllStreamSubscription,
  type EventStoreDBClient,
  excludeSystemEvents,
  type Position,
  START,
} from '@eventstore/db-client';
import { type SubscribeOptions, type Subscription } from '../../application/ports/event-store.port.js';
import { isSystemEvent, toStoredEvent } from './eventstoredb.mapping.js';

const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 5_000;

/**
 * A catch-up subscription to `$all` that survives dropped connections: after a failure it subscribes
 * again from the last delivered position, backing off. A failing handler stops it (reported to onError).
 */
export class EventStoreDbSubscription implements Subscription {
  private closed = false;
  private lastDelivered: Position | undefined;
  private live: AllStreamSubscription | undefined;
  private endBackoff: (() => void) | undefined;
  private readonly done: Promise<void>;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: SubscribeOptions,
  ) {
    const from = options.fromPosition;
    this.lastDelivered = from === undefined ? undefined : { commit: from, prepare: from };
    this.done = this.run();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.endBackoff?.();
    await this.stopLive();
    await this.done.catch(() => undefined);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.closed) {
      try {
        if (await this.deliverFromLastPosition()) failures = 0;
      } catch (thrown) {
        if (thrown instanceof HandlerFailure) return this.stop(thrown.cause);
      }
      if (this.closed) return;
      failures += 1;
      await this.backoff(Math.min(FIRST_BACKOFF_MS * 2 ** (failures - 1), MAX_BACKOFF_MS));
    }
  }

  /** Delivers until the server stream ends or fails; answers whether anything was delivered. */
  private async deliverFromLastPosition(): Promise<boolean> {
    const subscription = this.client.subscribeToAll({
      fromPosition: this.lastDelivered ?? START,
      filter: excludeSystemEvents(),
    });
    this.live = subscription;
    let delivered = false;
    try {
      for await (const { event } of subscription) {
        if (this.closed) break;
        if (event === undefined || isSystemEvent(event)) continue;
        if (this.lastDelivered !== undefined && event.position.commit <= this.lastDelivered.commit) continue;
        try {
          await this.options.onEvent(toStoredEvent(event));
        } catch (error) {
          throw new HandlerFailure(error);
        }
        this.lastDelivered = event.position;
        delivered = true;
      }
    } finally {
      await this.stopLive();
    }
    return delivered;
  }

  private async stopLive(): Promise<void> {
    const live = this.live;
    this.live = undefined;
    if (live === undefined) return;
    await live.unsubscribe();
    live.destroy();
  }

  private stop(cause: unknown): void {
    this.closed = true;
    const error = cause instanceof Error ? cause : new Error(String(cause));
    // Without an onError the failure surfaces as an unhandled rejection rather than a silent stop.
    if (!this.options.onError) throw error;
    this.options.onError(error);
  }

  private backoff(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.endBackoff?.(), ms);
      this.endBackoff = () => {
        clearTimeout(timer);
        this.endBackoff = undefined;
        resolve();
      };
    });
  }
}

/** Tells a handler's error apart from a connection's: only the former stops the subscription. */
class HandlerFailure extends Error {
  constructor(override readonly cause: unknown) {
    super('subscription handler failed', { cause });
  }
}
