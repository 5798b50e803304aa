import type Database from 'better-sqlite3';

interface Pending {
  readonly work: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

const MAX_BATCH = 500;

/** Calls `done` once what has been committed so far is durable (see WalSync); absent, a commit is durable at once. */
export type AfterCommit = (done: (error: Error | undefined) => void) => void;

/**
 * Group commit: work queued during one event-loop turn runs in a single `BEGIN IMMEDIATE` transaction,
 * each piece in its own savepoint (a failure undoes only that piece), so concurrent appends share one
 * fsync. A piece's promise settles only once the transaction holding it has committed and is durable.
 */
export class TransactionBatcher {
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private unsettled = 0;
  private settledAll: (() => void)[] = [];
  private readonly inSavepoint: Database.Transaction<(work: () => unknown) => unknown>;
  private readonly inTransaction: Database.Transaction<(batch: readonly Pending[]) => Outcome[]>;

  constructor(
    db: Database.Database,
    private readonly afterCommit?: AfterCommit,
  ) {
    this.inSavepoint = db.transaction((work: () => unknown) => work());
    this.inTransaction = db.transaction((batch: readonly Pending[]) =>
      batch.map((pending) => this.attempt(pending)),
    );
  }

  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.flushing ??= new Promise<void>((done) => setImmediate(() => this.flush(done)));
    });
  }

  /** Resolves once everything queued so far has been committed (and synced) or rejected. */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
    while (this.unsettled > 0) await new Promise<void>((resolve) => this.settledAll.push(resolve));
  }

  private flush(done: () => void): void {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.slice(0, MAX_BATCH);
        this.queue = this.queue.slice(MAX_BATCH);
        this.commit(batch);
      }
    } finally {
      this.flushing = undefined;
      done();
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
    const settle = (syncError: Error | undefined) => {
      batch.forEach((pending, index) => {
        const outcome = outcomes[index] as Outcome;
        if (!outcome.ok) pending.reject(outcome.error);
        else if (syncError !== undefined) pending.reject(syncError);
        else pending.resolve(outcome.value);
      });
    };
    if (this.afterCommit === undefined) return settle(undefined);
    this.unsettled += 1;
    this.afterCommit((syncError) => {
      settle(syncError);
      this.unsettled -= 1;
      if (this.unsettled === 0) for (const resolve of this.settledAll.splice(0)) resolve();
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
