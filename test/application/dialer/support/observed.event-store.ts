import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  SubscribeOptions,
  Subscription,
} from '../../../../src/application/ports/event-store.port.js';

/**
 * An event store that knows the last position written and how far each open subscription has got, so a test can
 * wait until every dialer has seen everything (nothing stored that a subscription has not handled yet).
 */
export class ObservedEventStore implements EventStore {
  lastPosition = 0n;
  private readonly subscriptions = new Set<{ delivered: bigint }>();

  constructor(private readonly inner: EventStore) {}

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    const result = await this.inner.append(streamId, events, expectedRevision);
    if (result.position > this.lastPosition) this.lastPosition = result.position;
    return result;
  }

  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<StoredEvent> {
    return this.inner.readStream(streamId, options);
  }

  readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent> {
    return this.inner.readAll(options);
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    const progress = { delivered: options.fromPosition ?? 0n };
    this.subscriptions.add(progress);
    const seen = (event: StoredEvent) => {
      if (event.position > progress.delivered) progress.delivered = event.position;
    };
    const inner = this.inner.subscribeToAll({
      ...options,
      onEvent: (event) => {
        const handled = options.onEvent(event);
        if (handled instanceof Promise) return handled.then(() => seen(event));
        seen(event);
        return handled;
      },
    });
    return {
      close: async () => {
        this.subscriptions.delete(progress);
        await inner.close();
      },
    };
  }

  /** Every open subscription has handled everything stored. */
  get caughtUp(): boolean {
    for (const subscription of this.subscriptions)
      if (subscription.delivered < this.lastPosition) return false;
    return true;
  }

  async readAllEvents(): Promise<StoredEvent[]> {
    const all: StoredEvent[] = [];
    for await (const event of this.inner.readAll()) all.push(event);
    return all;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** What one dialer process sees of the store: once the process has crashed, nothing it writes arrives. */
export class ProcessEventStore implements EventStore {
  dead = false;

  constructor(private readonly shared: EventStore) {}

  append(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    if (this.dead) return Promise.reject(new Error('the process crashed before this write'));
    return this.shared.append(streamId, events, expectedRevision);
  }

  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<StoredEvent> {
    return this.shared.readStream(streamId, options);
  }

  readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent> {
    return this.shared.readAll(options);
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    return this.shared.subscribeToAll(options);
  }

  /** The shared store outlives the process. */
  async close(): Promise<void> {}
}
