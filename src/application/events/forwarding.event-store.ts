import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadPagesOptions,
  ReadStreamOptions,
  StoredEvent,
  StreamAppend,
  SubscribeOptions,
  Subscription,
} from '../ports/event-store.port.js';

/**
 * An EventStore that hands everything to another: the base of decorators, which override what they add to. The
 * optional capabilities (`appendAtomically`, `readAllInPages`) are offered exactly when the inner store offers them,
 * so a decorator never hides one from the code that looks for it.
 */
export class ForwardingEventStore implements EventStore {
  readonly appendAtomically?: (appends: readonly StreamAppend[]) => Promise<AppendResult[]>;
  readonly readAllInPages?: (options?: ReadPagesOptions) => AsyncIterable<readonly StoredEvent[]>;

  constructor(protected readonly inner: EventStore) {
    if (inner.appendAtomically !== undefined) this.appendAtomically = (appends) => this.appendTogether(appends);
    if (inner.readAllInPages !== undefined) this.readAllInPages = inner.readAllInPages.bind(inner);
  }

  append(streamId: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    return this.inner.append(streamId, events, expectedRevision);
  }

  /** `appendAtomically`, for decorators to override (only called when the inner store has it). */
  protected appendTogether(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    return this.inner.appendAtomically!(appends);
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
