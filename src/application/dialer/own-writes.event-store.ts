import type { DialerEvent } from '../events/event-schemas.js';
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

/** Past this many writes not seen back (a subscription that stopped), the oldest are forgotten: they are decoded. */
const MAX_PENDING = 10_000;

/**
 * The store as the dialer writes to it, remembering each event it appends (by event id) until the subscription
 * brings it back: the dialer then applies the domain's own event instead of decoding the stored copy again.
 * Reads and appends go to the store unchanged (the append's own promise is returned, so no step is added).
 */
export class OwnWritesEventStore implements EventStore {
  private readonly pending = new Map<string, DialerEvent>();

  /** Offered exactly when the store offers it (callers look for it). */
  readonly appendAtomically?: (appends: readonly StreamAppend[]) => Promise<AppendResult[]>;
  readonly readAllInPages?: (options?: ReadPagesOptions) => AsyncIterable<readonly StoredEvent[]>;

  constructor(private readonly inner: EventStore) {
    const atomically = inner.appendAtomically?.bind(inner);
    if (atomically !== undefined) this.appendAtomically = (appends) => this.remembered(appends.flatMap((part) => part.events), () => atomically(appends));
    if (inner.readAllInPages !== undefined) this.readAllInPages = inner.readAllInPages.bind(inner);
  }

  append(streamId: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    return this.remembered(events, () => this.inner.append(streamId, events, expectedRevision));
  }

  /** Remembers `events`, then appends them; forgets them if the append fails. */
  private remembered<T>(events: readonly NewEvent[], append: () => Promise<T>): Promise<T> {
    for (const event of events) this.pending.set(event.id, { type: event.type, data: event.data } as DialerEvent);
    while (this.pending.size > MAX_PENDING) this.pending.delete(this.pending.keys().next().value as string);
    const appended = append();
    appended.then(undefined, () => {
      for (const event of events) this.pending.delete(event.id);
    });
    return appended;
  }

  /** The event this dialer wrote with this id, once (undefined when it is not one of ours, or was taken). */
  take(eventId: string): DialerEvent | undefined {
    const event = this.pending.get(eventId);
    if (event !== undefined) this.pending.delete(eventId);
    return event;
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
