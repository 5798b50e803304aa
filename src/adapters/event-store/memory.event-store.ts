import {
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type StreamAppend,
  type SubscribeOptions,
  type Subscription,
  WrongExpectedRevisionError,
} from '../../application/ports/event-store.port.js';
import { OpenSubscriptions } from './open-subscriptions.js';
import {
  assertExpectedRevision,
  assertAppendable,
  assertOneAppendPerStream,
  classifyAppend,
  type CurrentRevision,
} from './append-rules.js';
import { CatchUpSubscription } from './catch-up.subscription.js';
import { frozenJsonCopy } from './frozen-json.js';

/**
 * An event as kept in memory: payloads as a JSON reader would get them back, deep-frozen, so that every reader can be
 * handed the same objects and nobody can change what the store holds (a copy per read was most of the cost of reading).
 */
interface Row {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly recordedAt: string;
}

/** An append checked and copied, not yet stored; or a retry of one that was. */
type Prepared =
  | { readonly rows: readonly Row[]; readonly stream: Row[]; readonly conflict: () => WrongExpectedRevisionError }
  | { readonly retry: AppendResult };

const NO_ROWS: readonly Row[] = [];
const NO_METADATA: EventMetadata = Object.freeze({});

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
    const [result] = this.appendAll([{ streamId, events, expectedRevision }]);
    return result!;
  }

  async appendAtomically(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    assertOneAppendPerStream(appends);
    return this.appendAll(appends);
  }

  /** Everything checked and copied before anything is stored, in one synchronous step: all or nothing. */
  private appendAll(appends: readonly StreamAppend[]): AppendResult[] {
    const prepared: Prepared[] = [];
    let added = 0;
    for (const { streamId, events, expectedRevision } of appends) {
      const part = this.prepare(streamId, events, expectedRevision, added);
      prepared.push(part);
      if ('rows' in part) added += part.rows.length;
    }
    const stored: (readonly Row[])[] = [];
    for (const part of prepared) {
      if (!('rows' in part)) continue;
      if (this.storeIds(part.rows)) {
        stored.push(part.rows);
        continue;
      }
      for (const rows of stored) for (const row of rows) this.byId.delete(row.id);
      throw part.conflict();
    }
    for (const part of prepared) {
      if (!('rows' in part)) continue;
      for (const row of part.rows) {
        this.log.push(row);
        part.stream.push(row);
      }
    }
    if (added > 0) for (const subscription of this.subscriptions) subscription.wake();
    return prepared.map((part) => {
      if (!('rows' in part)) return part.retry;
      const last = part.rows[part.rows.length - 1]!;
      return { nextRevision: last.revision, position: last.position };
    });
  }

  /** The rows an append would store (positions after `before` rows of the same transaction), or its earlier result. */
  private prepare(streamId: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision, before: number): Prepared {
    if (events.length !== 1) assertAppendable(events);
    const stream = this.rowsOf(streamId);
    const current: CurrentRevision = stream.length === 0 ? 'no_stream' : (stream[stream.length - 1] as Row).revision;

    // ids already stored mean a retried (or conflicting) append; the usual append carries none. An append that
    // continues the stream at its current revision cannot be a retry, so its ids are checked as they are stored
    const continues = expectedRevision === current;
    if (!continues && this.holdsAnyId(events)) {
      const earlier = classifyAppend(
        streamId,
        expectedRevision,
        events.map((event) => this.byId.get(event.id)),
      );
      if (earlier.kind === 'retry') return { retry: earlier.result };
      if (earlier.kind === 'conflict')
        throw new WrongExpectedRevisionError(streamId, expectedRevision, current);
    }
    assertExpectedRevision(streamId, expectedRevision, current);

    const recordedAt = this.recordedAt();
    // one copy of the stream's name for all its rows (each append brings a fresh string of its own)
    const storedStreamId = stream.length === 0 ? streamId : (stream[0] as Row).streamId;
    const firstRevision = current === 'no_stream' ? 0n : current + 1n;
    const rows: Row[] = [];
    let metadataOf: { readonly from: EventMetadata | undefined; readonly copy: EventMetadata } | undefined;
    for (let index = 0; index < events.length; index += 1) {
      const event = events[index]!;
      // the events of one command share their metadata object: one copy for them all
      if (metadataOf === undefined || metadataOf.from !== event.metadata) {
        metadataOf = { from: event.metadata, copy: event.metadata === undefined ? NO_METADATA : (frozenJsonCopy(event.metadata) as EventMetadata) };
      }
      rows.push({
        id: event.id,
        type: event.type,
        data: frozenJsonCopy(event.data),
        metadata: metadataOf.copy,
        streamId: storedStreamId,
        revision: index === 0 ? firstRevision : firstRevision + BigInt(index),
        position: BigInt(this.log.length + before + index + 1),
        recordedAt,
      });
    }
    return { rows, stream, conflict: () => new WrongExpectedRevisionError(streamId, expectedRevision, current) };
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    const stream = this.streams.get(streamId) ?? NO_ROWS;
    // `stream[i]` is revision `i`: a read is a slice, never a scan of the whole stream
    const from = options.fromRevision;
    const limit = options.maxCount ?? stream.length;
    if (options.direction === 'backwards') {
      const last = from === undefined || from >= BigInt(stream.length) ? stream.length - 1 : Number(from);
      return eventsOf(stream.slice(Math.max(0, last + 1 - limit), last + 1).reverse());
    }
    const first = from === undefined || from < 0n ? 0 : from >= BigInt(stream.length) ? stream.length : Number(from);
    // the usual read: a command catching up after its cached revision, with nothing new (nothing made for it)
    if (first >= stream.length || limit <= 0) return NOTHING;
    return eventsOf(stream.slice(first, first + limit));
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

  /** Indexes the rows' ids; false (and nothing indexed) when one of them was stored already. */
  private storeIds(rows: readonly Row[]): boolean {
    for (let index = 0; index < rows.length; index += 1) {
      const row = rows[index]!;
      const size = this.byId.size;
      this.byId.set(row.id, row);
      if (this.byId.size > size) continue;
      // one lookup per event instead of two: undo the rare overwrite from the log, which still holds every row
      this.byId.set(row.id, this.log.find((stored) => stored.id === row.id)!);
      for (const added of rows.slice(0, index)) this.byId.delete(added.id);
      return false;
    }
    return true;
  }

  private holdsAnyId(events: readonly NewEvent[]): boolean {
    for (const event of events) if (this.byId.has(event.id)) return true;
    return false;
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
    data: row.data,
    metadata: row.metadata,
    streamId: row.streamId,
    revision: row.revision,
    position: row.position,
    recordedAt: row.recordedAt,
  };
}

const DONE: Promise<IteratorResult<StoredEvent>> = Promise.resolve({ done: true, value: undefined });

/** An empty read: no generator, one settled promise shared by every read. */
const NOTHING: AsyncIterable<StoredEvent> = { [Symbol.asyncIterator]: () => ({ next: () => DONE }) };

/** The rows as events, one at a time (a plain iterator: an async generator costs several promises per event). */
function eventsOf(rows: readonly Row[]): AsyncIterable<StoredEvent> {
  return {
    [Symbol.asyncIterator]: () => {
      let next = 0;
      return { next: async () => (next < rows.length ? { done: false, value: toStoredEvent(rows[next++]!) } : { done: true, value: undefined }) };
    },
  };
}
