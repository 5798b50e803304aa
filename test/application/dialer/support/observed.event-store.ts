import { ForwardingEventStore } from '../../../../src/application/events/forwarding.event-store.js';
import type {
  AppendResult,
  ExpectedRevision,
  NewEvent,
  StoredEvent,
  StreamAppend,
  SubscribeOptions,
  Subscription,
} from '../../../../src/application/ports/event-store.port.js';

/**
 * An event store that knows the last position written and how far each open subscription has got, so a test can
 * wait until every dialer has seen everything (nothing stored that a subscription has not handled yet).
 */
export class ObservedEventStore extends ForwardingEventStore {
  lastPosition = 0n;
  private readonly subscriptions = new Set<{ delivered: bigint }>();

  override async append(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    return this.written(await this.inner.append(streamId, events, expectedRevision));
  }

  protected override async appendTogether(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    const results = await super.appendTogether(appends);
    results.forEach((result) => this.written(result));
    return results;
  }

  private written(result: AppendResult): AppendResult {
    if (result.position > this.lastPosition) this.lastPosition = result.position;
    return result;
  }

  override subscribeToAll(options: SubscribeOptions): Subscription {
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
}

/** What one dialer process sees of the store: once the process has crashed, nothing it writes arrives. */
export class ProcessEventStore extends ForwardingEventStore {
  dead = false;

  override append(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    if (this.dead) return Promise.reject(new Error('the process crashed before this write'));
    return super.append(streamId, events, expectedRevision);
  }

  protected override appendTogether(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    if (this.dead) return Promise.reject(new Error('the process crashed before this write'));
    return super.appendTogether(appends);
  }

  /** The shared store outlives the process. */
  override async close(): Promise<void> {}
}
