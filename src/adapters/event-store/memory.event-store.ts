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
import {
  assertExpectedRevision,
  assertAppendable,
  classifyAppend,
  type CurrentRevision,
} from './append-rules.js';
import { CatchUpSubscription } from './catch-up.subscription.js';

/** An event as kept in memory: payloads as JSON text, so readers get fresh copies as from a real store. */
interface Row {
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly recordedAt: string;
}

const NO_ROWS: readonly Row[] = [];
const NO_EVENTS: readonly StoredEvent[] = [];

/** The EventStore contract held in process memory, for fast unit tests. Positions start at 1. */
export class MemoryEventStore implements EventStore {
  /** `log[i]` holds position `i + 1`. */
  private readonly log: Row[] = [];
  private readonly streams = new Map<string, Row[]>();
  private readonly byId = new Map<string, Row>();
  private readonly subscriptions = new OpenSubscriptions<CatchUpSubscription>();
  private lastRecorded = { ms: Number.NaN, iso: '' };

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    if (events.length !== 1) assertAppendable(events);
    const stream = this.rowsOf(streamId);
    const current: CurrentRevision = stream.length === 0 ? 'no_stream' : (stream[stream.length - 1] as Row).revision;

    // ids already stored mean a retried (or conflicting) append; the usual append carries none
    if (events.some((event) => this.byId.has(event.id))) {
      const earlier = classifyAppend(
        streamId,
        expectedRevision,
        events.map((event) => this.byId.get(event.id)),
      );
      if (earlier.kind === 'retry') return earlier.result;
      if (earlier.kind === 'conflict')
        throw new WrongExpectedRevisionError(streamId, expectedRevision, current);
    }
    assertExpectedRevision(streamId, expectedRevision, current);

    const recordedAt = this.recordedAt();
    // one copy of the stream's name for all its rows (each append brings a fresh string of its own)
    const storedStreamId = stream.length === 0 ? streamId : (stream[0] as Row).streamId;
    const firstRevision = current === 'no_stream' ? 0n : current + 1n;
    // every payload serialised before anything is stored: an append is all or nothing
    const rows = events.map((event, index): Row => ({
      id: event.id,
      type: event.type,
      data: JSON.stringify(event.data ?? null),
      metadata: JSON.stringify(event.metadata ?? {}),
      streamId: storedStreamId,
      revision: index === 0 ? firstRevision : firstRevision + BigInt(index),
      position: BigInt(this.log.length + index + 1),
      recordedAt,
    }));
    for (const row of rows) {
      this.log.push(row);
      stream.push(row);
      this.byId.set(row.id, row);
    }
    for (const subscription of this.subscriptions) subscription.wake();

    const last = rows[rows.length - 1] as Row;
    return { nextRevision: last.revision, position: last.position };
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    const stream = this.streams.get(streamId) ?? NO_ROWS;
    // `stream[i]` is revision `i`: a read is a slice, never a scan of the whole stream
    const from = options.fromRevision;
    const limit = options.maxCount ?? stream.length;
    if (options.direction === 'backwards') {
      const last = from === undefined || from >= BigInt(stream.length) ? stream.length - 1 : Number(from);
      yield* stream.slice(Math.max(0, last + 1 - limit), last + 1).reverse().map(toStoredEvent);
      return;
    }
    const first = from === undefined || from < 0n ? 0 : from >= BigInt(stream.length) ? stream.length : Number(from);
    // the usual read: a command catching up after its cached revision, with nothing new (no arrays made for it)
    if (first >= stream.length || limit <= 0) yield* NO_EVENTS;
    else yield* stream.slice(first, first + limit).map(toStoredEvent);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    let position = options.fromPosition ?? 0n;
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      const page = this.readPage(position, Math.min(remaining, 1_000));
      if (page.length === 0) return;
      yield* page;
      remaining -= page.length;
      position = (page[page.length - 1] as StoredEvent).position;
    }
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    const subscription = new CatchUpSubscription(options, (position, limit) =>
      this.readPage(position, limit),
    );
    return this.subscriptions.track(subscription);
  }

  async close(): Promise<void> {
    await this.subscriptions.closeAll();
  }

  /** The wall-clock time of an append, as ISO text made once per millisecond. */
  private recordedAt(): string {
    const nowMs = Date.now();
    if (nowMs !== this.lastRecorded.ms) this.lastRecorded = { ms: nowMs, iso: new Date(nowMs).toISOString() };
    return this.lastRecorded.iso;
  }

  private rowsOf(streamId: string): Row[] {
    const existing = this.streams.get(streamId);
    if (existing) return existing;
    const created: Row[] = [];
    this.streams.set(streamId, created);
    return created;
  }

  private readPage(after: bigint, limit: number): StoredEvent[] {
    const start = Number(after < 0n ? 0n : after);
    return this.log.slice(start, start + limit).map(toStoredEvent);
  }
}

function toStoredEvent(row: Row): StoredEvent {
  return {
    id: row.id,
    type: row.type,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
    streamId: row.streamId,
    revision: row.revision,
    position: row.position,
    recordedAt: row.recordedAt,
  };
}
