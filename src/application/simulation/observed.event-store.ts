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
} from '../ports/event-store.port.js';

/** One append that was stored, with when it started and committed (`performance.now()` milliseconds). */
export interface ObservedAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly startedAt: number;
  readonly committedAt: number;
}

export type AppendObserver = (append: ObservedAppend) => void;

/**
 * An EventStore that tells its observers about every append as soon as it committed, synchronously and before
 * the writer resumes: the simulation sees each event the moment it exists, with no subscription lag.
 */
export class ObservedEventStore implements EventStore {
  private readonly observers: AppendObserver[] = [];

  constructor(private readonly inner: EventStore) {}

  observe(observer: AppendObserver): void {
    this.observers.push(observer);
  }

  async append(streamId: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    const startedAt = performance.now();
    const result = await this.inner.append(streamId, events, expectedRevision);
    const committedAt = performance.now();
    for (const observer of this.observers) observer({ streamId, events, startedAt, committedAt });
    return result;
  }

  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<StoredEvent> {
    return this.inner.readStream(streamId, options);
  }

  readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent> {
    return this.inner.readAll(options);
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    return this.inner.subscribeToAll(options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
