import type Database from 'better-sqlite3';
import {
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadPagesOptions,
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
import { openEventDatabase } from './sqlite.database.js';
import { FALLBACK_AUTOCHECKPOINT_PAGES, NO_WRITE_HOLDS, WalCheckpointer, type WriteHolds } from './sqlite.checkpointer.js';
import { WriteHold } from './sqlite.write-hold.js';
import { RecentAppends } from './sqlite.recent-appends.js';
import { TransactionBatcher } from './sqlite.transaction-batcher.js';
import { type EventRecord, type EventStatements, prepareEventStatements } from './sqlite.statements.js';

export interface SqliteEventStoreOptions {
  /** How often subscriptions look for events appended by other processes. Default 50 ms. */
  readonly pollIntervalMs?: number;
  /** WAL checkpoints on a thread of their own once the store writes (see WalCheckpointer). Default true. */
  readonly checkpointInBackground?: boolean;
  /** How often that thread checkpoints. Default: WalCheckpointer's (once a second). */
  readonly checkpointIntervalMs?: number;
}

const PAGE_SIZE = 1_000;
const MAX_REVISION = 9_223_372_036_854_775_807n;

export function openSqliteEventStore(file: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
  const checkpoints = options.checkpointInBackground ?? true ? { everyMs: options.checkpointIntervalMs } : undefined;
  return new SqliteEventStore(openEventDatabase(file), options.pollIntervalMs ?? 50, checkpoints);
}

/** The default store: one SQLite file; `db` is exposed so read models can commit with their checkpoint. */
export class SqliteEventStore implements EventStore {
  private readonly subscriptions = new OpenSubscriptions<CatchUpSubscription>();
  private readonly statements: EventStatements;
  private readonly transactions: TransactionBatcher;
  private readonly recent = new RecentAppends();
  private checkpointer: WalCheckpointer | undefined;
  /** Held by the checkpointer's finishing pass; read models on this file hold their commits with it too. */
  readonly writeHold = new WriteHold();

  constructor(
    readonly db: Database.Database,
    private readonly pollIntervalMs: number,
    /** Background WAL checkpoints, started by the first append (interval undefined: WalCheckpointer's default). */
    private checkpoints?: { readonly everyMs?: number },
  ) {
    this.statements = prepareEventStatements(db);
    this.transactions = new TransactionBatcher(db, this.writeHold);
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    assertAppendable(events);
    const { result, written } = await this.write(() => this.appendNow(streamId, events, expectedRevision));
    this.announce(written);
    return result;
  }

  /** One savepoint for all of them: an append that throws undoes the ones before it. */
  async appendAtomically(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    for (const { events } of appends) assertAppendable(events);
    assertOneAppendPerStream(appends);
    const done = await this.write(() => appends.map((part) => this.appendNow(part.streamId, part.events, part.expectedRevision)));
    this.announce(done.flatMap((part) => part.written));
    return done.map((part) => part.result);
  }

  /** Work in the next group commit (the checkpointer starts with the store's first write). */
  private write<T>(work: () => T): Promise<T> {
    if (this.checkpoints !== undefined) this.startCheckpointer(this.checkpoints.everyMs);
    return this.transactions.run(work);
  }

  private announce(written: readonly EventRecord[]): void {
    if (written.length > 0) {
      let woken = false;
      for (const subscription of this.subscriptions) {
        // committed: the subscriptions get these from memory rather than reading them back
        if (!woken) this.recent.add(written.map(toStoredEvent));
        woken = true;
        subscription.wake();
      }
    }
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    const backwards = options.direction === 'backwards';
    const page = backwards ? this.statements.streamBackwards : this.statements.streamForwards;
    let revision = options.fromRevision ?? (backwards ? MAX_REVISION : 0n);
    if (!backwards) {
      // Most forwards reads catch a known state up and find nothing new: the stream's last revision, from its
      // index alone, tells so for a fraction of what fetching the rows costs.
      const last = this.statements.lastRevision.get(streamId)?.revision ?? null;
      if (last === null || last < revision) return;
    }
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      const records = page.all(streamId, revision, Math.min(remaining, PAGE_SIZE));
      for (const record of records) yield toStoredEvent(record);
      const last = records.at(-1);
      if (last === undefined || records.length < PAGE_SIZE) return;
      remaining -= records.length;
      revision = backwards ? last[REVISION] - 1n : last[REVISION] + 1n;
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    let position = options.fromPosition ?? 0n;
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      const page = this.readPage(position, Math.min(remaining, PAGE_SIZE));
      yield* page;
      const last = page.at(-1);
      if (last === undefined || page.length < PAGE_SIZE) return;
      remaining -= page.length;
      position = last.position;
    }
  }

  /** Pages straight from one query each, with `metadata` parsed only when it is read (replays rarely need it). */
  async *readAllInPages(options: ReadPagesOptions = {}): AsyncIterable<readonly StoredEvent[]> {
    const pageSize = Math.max(1, options.pageSize ?? PAGE_SIZE);
    let position = options.fromPosition ?? 0n;
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      const limit = Math.min(remaining, pageSize);
      const records = this.statements.allAfter.all(position, limit);
      if (records.length === 0) return;
      const page = new Array<StoredEvent>(records.length);
      for (let index = 0; index < records.length; index += 1) page[index] = new PagedEvent(records[index]!);
      yield page;
      if (records.length < limit) return;
      remaining -= records.length;
      position = page[page.length - 1]!.position;
    }
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    const subscription = new CatchUpSubscription(
      options,
      (position, limit) => this.readPage(position, limit),
      this.pollIntervalMs,
    );
    return this.subscriptions.track(subscription);
  }

  /** Writes held by the background checkpointer's finishing passes (none before the first append; see `writeHoldsOf`). */
  writeHolds(): WriteHolds {
    return this.checkpointer?.writeHolds ?? NO_WRITE_HOLDS;
  }

  /** Global position of the last stored event; 0n when there is none. */
  lastPosition(): bigint {
    return this.statements.lastPosition.get()?.position ?? 0n;
  }

  async close(): Promise<void> {
    this.recent.clear();
    this.checkpoints = undefined;
    await this.subscriptions.closeAll();
    // first: a finishing checkpoint may be holding the writes
    await this.checkpointer?.stop();
    await this.transactions.drain();
    if (this.db.open) this.db.close();
  }

  /** On the first append of a store on a file in WAL mode. */
  private startCheckpointer(everyMs: number | undefined): void {
    this.checkpoints = undefined;
    if (this.db.memory || this.db.pragma('journal_mode', { simple: true }) !== 'wal') return;
    this.checkpointer = new WalCheckpointer(this.db, { intervalMs: everyMs, holdWrites: () => this.writeHold.hold() });
    this.db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  }

  private appendNow(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): { result: AppendResult; written: EventRecord[] } {
    const current: CurrentRevision = this.statements.lastRevision.get(streamId)?.revision ?? 'no_stream';
    // The usual append continues the stream at the revision it expects. Its ids cannot be stored at the revisions
    // it is about to take, so it is new unless one of its ids is stored elsewhere, which the unique index on
    // event ids reports when it is inserted (the append's savepoint then undoes what it had inserted). Anything
    // else first looks its ids up: it may be a retry of an append that was stored.
    const continues = expected !== 'any' && expected === current;
    if (!continues) {
      const places = events.map((event) => this.statements.placeOf.get(event.id));
      const earlier = classifyAppend(streamId, expected, places);
      if (earlier.kind === 'retry') return { result: earlier.result, written: [] };
      if (earlier.kind === 'conflict') throw new WrongExpectedRevisionError(streamId, expected, current);
      assertExpectedRevision(streamId, expected, current);
    }

    const recordedAt = new Date().toISOString();
    let revision = current === 'no_stream' ? -1n : current;
    let position = 0n;
    const written: EventRecord[] = [];
    for (const event of events) {
      revision += 1n;
      const data = JSON.stringify(event.data ?? null);
      const metadata = JSON.stringify(event.metadata ?? {});
      try {
        position = BigInt(this.statements.insert.run(event.id, streamId, revision, event.type, data, metadata, recordedAt).lastInsertRowid);
      } catch (error) {
        if (continues && isUniqueViolation(error)) throw new WrongExpectedRevisionError(streamId, expected, current);
        throw error;
      }
      written.push([position, event.id, streamId, revision, event.type, data, metadata, recordedAt]);
    }
    return { result: { nextRevision: revision, position }, written };
  }

  private readPage(after: bigint, limit: number): StoredEvent[] {
    const recent = this.recent.after(after, limit);
    if (recent !== undefined) return recent;
    const records = this.statements.allAfter.all(after, limit);
    const page = new Array<StoredEvent>(records.length);
    for (let index = 0; index < records.length; index += 1) page[index] = toStoredEvent(records[index]!);
    return page;
  }
}

/** The writes a store held for its checkpointer: a SQLite event store's own count, none for any other store. */
export function writeHoldsOf(store: EventStore): WriteHolds {
  return store instanceof SqliteEventStore ? store.writeHolds() : NO_WRITE_HOLDS;
}

const REVISION = 3;

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function toStoredEvent(record: EventRecord): StoredEvent {
  return {
    id: record[1],
    type: record[4],
    data: JSON.parse(record[5]),
    metadata: JSON.parse(record[6]),
    streamId: record[2],
    revision: record[REVISION],
    position: record[0],
    recordedAt: record[7],
  };
}

/**
 * A StoredEvent of a bulk read: `metadata` is parsed on first access (a getter, so it is not an own property: copy
 * the fields by name rather than spreading the event).
 */
class PagedEvent implements StoredEvent {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly recordedAt: string;
  #metadata: EventMetadata | string;

  constructor(record: EventRecord) {
    this.id = record[1];
    this.type = record[4];
    this.data = JSON.parse(record[5]);
    this.streamId = record[2];
    this.revision = record[REVISION];
    this.position = record[0];
    this.recordedAt = record[7];
    this.#metadata = record[6];
  }

  get metadata(): EventMetadata {
    if (typeof this.#metadata === 'string') this.#metadata = JSON.parse(this.#metadata) as EventMetadata;
    return this.#metadata;
  }
}
