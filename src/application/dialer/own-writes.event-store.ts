import { ForwardingEventStore } from '../events/forwarding.event-store.js';
import type { DialerEvent } from '../events/event-schemas.js';
import type { AppendResult, ExpectedRevision, NewEvent, StreamAppend } from '../ports/event-store.port.js';

/** Past this many writes not seen back (a subscription that stopped), the oldest are forgotten: they are decoded. */
const MAX_PENDING = 10_000;

/**
 * The store as the dialer writes to it, remembering each event it appends (by event id) until the subscription
 * brings it back: the dialer then applies the domain's own event instead of decoding the stored copy again.
 * Reads and appends go to the store unchanged (the append's own promise is returned, so no step is added).
 */
export class OwnWritesEventStore extends ForwardingEventStore {
  private readonly pending = new Map<string, DialerEvent>();

  override append(streamId: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    return this.remembered(events, () => this.inner.append(streamId, events, expectedRevision));
  }

  protected override appendTogether(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    return this.remembered(appends.flatMap((part) => part.events), () => super.appendTogether(appends));
  }

  /** The event this dialer wrote with this id, once (undefined when it is not one of ours, or was taken). */
  take(eventId: string): DialerEvent | undefined {
    const event = this.pending.get(eventId);
    if (event !== undefined) this.pending.delete(eventId);
    return event;
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
}
