import type Database from 'better-sqlite3';
import { WriteHold } from './sqlite.write-hold.js';

interface Pending {
  readonly work: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

const MAX_BATCH = 500;

/**
 * Group commit: work queued during one event-loop turn runs in a single `BEGIN IMMEDIATE` transaction,
 * each piece in its own savepoint (a failure undoes only that piece), so concurrent appends share one
 * fsync. A piece's promise settles only once the transaction holding it has committed.
 */
export class TransactionBatcher {
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private readonly inSavepoint: Database.Transaction<(work: () => unknown) => unknown>;
  private readonly inTransaction: Database.Transaction<(batch: readonly Pending[]) => Outcome[]>;

  /** `writes`: while held, no transaction starts (work queues, and commits together once released). */
  constructor(db: Database.Database, private readonly writes = new WriteHold()) {
    this.inSavepoint = db.transaction((work: () => unknown) => work());
    this.inTransaction = db.transaction((batch: readonly Pending[]) =>
      batch.map((pending) => this.attempt(pending)),
    );
  }

  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.scheduleFlush();
    });
  }

  /** Resolves once everything queued so far has been committed or rejected. */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private scheduleFlush(): void {
    if (this.flushing !== undefined) return;
    const held = this.writes.whenReleased();
    this.flushing = new Promise<void>((done) => {
      if (held === undefined) setImmediate(() => this.flush(done));
      else void held.then(() => setImmediate(() => this.flush(done)));
    });
  }

  private flush(done: () => void): void {
    try {
      while (this.queue.length > 0 && !this.writes.held) {
        const batch = this.queue.slice(0, MAX_BATCH);
        this.queue = this.queue.slice(MAX_BATCH);
        this.commit(batch);
      }
    } finally {
      this.flushing = undefined;
      done();
      // held again before the queue was empty: the rest waits for the release
      if (this.queue.length > 0) this.scheduleFlush();
    }
  }

  private commit(batch: readonly Pending[]): void {
    let outcomes: Outcome[];
    try {
      outcomes = this.inTransaction.immediate(batch);
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, index) => {
      const outcome = outcomes[index] as Outcome;
      if (outcome.ok) pending.resolve(outcome.value);
      else pending.reject(outcome.error);
    });
  }

  private attempt(pending: Pending): Outcome {
    try {
      return { ok: true, value: this.inSavepoint(pending.work) };
    } catch (error) {
      return { ok: false, error };
    }
  }
}
