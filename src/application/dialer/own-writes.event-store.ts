import { ForwardingEventStore } from '../events/forwarding.event-store.js';
import type { DialerEvent } from '../events/event-schemas.js';
import type { AppendResult, ExpectedRevision, NewEvent, StoredEvent, StreamAppend } from '../ports/event-store.port.js';

/** Past this many writes not seen back (a subscription that stopped), the oldest are forgotten: they are decoded. */
const MAX_PENDING = 10_000;

/** An event this dialer appended, and where the append puts it when it is stored. */
interface PendingWrite {
  readonly event: DialerEvent;
  readonly streamId: string;
  readonly revision: bigint;
}

/**
 * The store as the dialer writes to it, remembering each event it appends (by event id) until the subscription
 * brings it back: the dialer then applies the domain's own event instead of decoding the stored copy again.
 * Reads and appends go to the store unchanged (the append's own promise is returned, so no step is added).
 *
 * An event id alone does not prove the stored event is this append's: ids derive from the command id, and another
 * instance may have stored the same command first, decided on a newer state (different events under the same ids),
 * while this append waits to fail on its expected revision. So the stored event is taken only at the stream and
 * revision this append expected to give it: the same command decided on the same state decides the same events.
 */
export class OwnWritesEventStore extends ForwardingEventStore {
  private readonly pending = new Map<string, PendingWrite>();

  override append(streamId: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    return this.remembered([{ streamId, events, expectedRevision }], () => this.inner.append(streamId, events, expectedRevision));
  }

  protected override appendTogether(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    return this.remembered(appends, () => super.appendTogether(appends));
  }

  /** The event this dialer wrote as `stored`, once (undefined when it is not one of ours, or was taken). */
  take(stored: Pick<StoredEvent, 'id' | 'streamId' | 'revision'>): DialerEvent | undefined {
    const write = this.pending.get(stored.id);
    if (write === undefined) return undefined;
    this.pending.delete(stored.id);
    return write.revision === stored.revision && write.streamId === stored.streamId ? write.event : undefined;
  }

  /** Remembers the events of `appends`, then appends them; forgets them if the append fails. */
  private remembered<T>(appends: readonly StreamAppend[], append: () => Promise<T>): Promise<T> {
    for (const { streamId, events, expectedRevision } of appends) {
      // an append at any revision: where its events will sit is not known, so the stored copies are decoded
      if (expectedRevision === 'any') continue;
      const first = expectedRevision === 'no_stream' ? 0n : expectedRevision + 1n;
      events.forEach((event, index) => this.pending.set(event.id, { event: { type: event.type, data: event.data } as DialerEvent, streamId, revision: first + BigInt(index) }));
    }
    while (this.pending.size > MAX_PENDING) this.pending.delete(this.pending.keys().next().value as string);
    const appended = append();
    appended.then(undefined, () => {
      for (const { events } of appends) for (const event of events) this.pending.delete(event.id);
    });
    return appended;
  }
}
