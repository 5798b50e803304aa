export const READ_MODEL_STORE = Symbol('READ_MODEL_STORE');

export type RowChange<Row = unknown> =
  | { readonly key: string; readonly row: Row; /** groups rows for listing, e.g. a campaign id */ readonly partition?: string }
  | { readonly key: string; readonly delete: true };

export interface ProjectionBatch {
  readonly projection: string;
  readonly changes: readonly RowChange[];
  /** The checkpoint after this batch: the position of the last event it covers. */
  readonly position: bigint;
  /**
   * The checkpoint the changes were computed from (-1n: none yet). When given, the store refuses the whole commit
   * with a ProjectionConflictError if the projection's checkpoint has moved since: another process (a second
   * instance on the same file) projected meanwhile, and these changes could apply its events twice.
   */
  readonly after?: bigint;
}

/** The checkpoint moved under a batch (see ProjectionBatch.after): nothing was written; read again and re-apply. */
export class ProjectionConflictError extends Error {
  constructor(
    readonly projection: string,
    readonly expected: bigint,
    readonly actual: bigint,
  ) {
    super(`read model ${projection} moved from checkpoint ${expected} to ${actual} while a batch was being applied`);
    this.name = 'ProjectionConflictError';
  }
}

/**
 * Where read models live. Synchronous on purpose: row reads happen inside a projection step, and a batch of
 * changes lands together with its checkpoints in one transaction.
 */
export interface ReadModelStore {
  checkpoint(projection: string): bigint | undefined;
  get<Row>(projection: string, key: string): Row | undefined;
  list<Row>(projection: string, partition?: string): Row[];
  /** Atomically applies every batch and moves each projection's checkpoint. */
  commit(batches: readonly ProjectionBatch[]): void;
  /**
   * Optional: a promise while commits had better wait (a checkpoint of a file shared with the event store needs its
   * WAL left alone for a few milliseconds), resolved when they may go on; undefined when they may go on now.
   */
  commitsHeld?(): Promise<void> | undefined;
  /** Deletes a projection's rows and checkpoint. */
  wipe(projection: string): void;
  /** Replaces projection `to` (rows and checkpoint) with projection `from`, which is emptied; atomic. */
  promote(from: string, to: string): void;
  /**
   * Runs `work` as one write transaction: other writers wait until it ends, so a rebuild's last catch-up and its
   * promotion happen with no event slipping in between. Keep it short.
   */
  exclusively<T>(work: () => Promise<T>): Promise<T>;
  close(): void;
}
