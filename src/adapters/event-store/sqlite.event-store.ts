import type Database from 'better-sqlite3';
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
import { openEventDatabase } from './sqlite.database.js';
import { TransactionBatcher } from './sqlite.transaction-batcher.js';
import { type EventRow, type EventStatements, prepareEventStatements } from './sqlite.statements.js';

export interface SqliteEventStoreOptions {
  /** How often subscriptions look for events appended by other processes. Default 50 ms. */
  readonly pollIntervalMs?: number;
}

const PAGE_SIZE = 1_000;
const MAX_REVISION = 9_223_372_036_854_775_807n;

export function openSqliteEventStore(file: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
  return new SqliteEventStore(openEventDatabase(file), options.pollIntervalMs ?? 50);
}

/** The default store: one SQLite file; `db` is exposed so read models can commit with their checkpoint. */
export class SqliteEventStore implements EventStore {
  private readonly subscriptions = new OpenSubscriptions<CatchUpSubscription>();
  private readonly statements: EventStatements;
  private readonly transactions: TransactionBatcher;

  constructor(
    readonly db: Database.Database,
    private readonly pollIntervalMs: number,
  ) {
    this.statements = prepareEventStatements(db);
    this.transactions = new TransactionBatcher(db);
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    assertAppendable(events);
    const { result, written } = await this.transactions.run(() =>
      this.appendNow(streamId, events, expectedRevision),
    );
    if (written) for (const subscription of this.subscriptions) subscription.wake();
    return result;
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    const backwards = options.direction === 'backwards';
    const page = backwards ? this.statements.streamBackwards : this.statements.streamForwards;
    let revision = options.fromRevision ?? (backwards ? MAX_REVISION : 0n);
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      const rows = page.all(streamId, revision, Math.min(remaining, PAGE_SIZE));
      yield* rows.map(toStoredEvent);
      const last = rows.at(-1);
      if (last === undefined || rows.length < PAGE_SIZE) return;
      remaining -= rows.length;
      revision = backwards ? last.revision - 1n : last.revision + 1n;
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

  subscribeToAll(options: SubscribeOptions): Subscription {
    const subscription = new CatchUpSubscription(
      options,
      (position, limit) => this.readPage(position, limit),
      this.pollIntervalMs,
    );
    return this.subscriptions.track(subscription);
  }

  /** Global position of the last stored event; 0n when there is none. */
  lastPosition(): bigint {
    return this.statements.lastPosition.get()?.position ?? 0n;
  }

  async close(): Promise<void> {
    await this.subscriptions.closeAll();
    await this.transactions.drain();
    if (this.db.open) this.db.close();
  }

  private appendNow(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): { result: AppendResult; written: boolean } {
    const current: CurrentRevision = this.statements.lastRevision.get(streamId)?.revision ?? 'no_stream';
    const places = events.map((event) => this.statements.placeOf.get(event.id));
    const earlier = classifyAppend(streamId, expected, places);
    if (earlier.kind === 'retry') return { result: earlier.result, written: false };
    if (earlier.kind === 'conflict') throw new WrongExpectedRevisionError(streamId, expected, current);
    assertExpectedRevision(streamId, expected, current);

    const recordedAt = new Date().toISOString();
    let revision = current === 'no_stream' ? -1n : current;
    let position = 0n;
    for (const event of events) {
      revision += 1n;
      const data = JSON.stringify(event.data ?? null);
      const metadata = JSON.stringify(event.metadata ?? {});
      const inserted = this.statements.insert.run(
        event.id,
        streamId,
        revision,
        event.type,
        data,
        metadata,
        recordedAt,
      );
      position = BigInt(inserted.lastInsertRowid);
    }
    return { result: { nextRevision: revision, position }, written: true };
  }

  private readPage(after: bigint, limit: number): StoredEvent[] {
    return this.statements.allAfter.all(after, limit).map(toStoredEvent);
  }
}

function toStoredEvent(row: EventRow): StoredEvent {
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
