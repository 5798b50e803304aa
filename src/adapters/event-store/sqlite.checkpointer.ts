import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/**
 * How often the checkpointer copies what the WAL holds into the database file. Each checkpoint ends with an fsync of
 * the database file, and a commit's own WAL fsync waits behind it on the same disk: every 10 ms that was the dial
 * decision's p99 (10 ms; 3.5 ms at one a second, with 1,000,000 contacts queued).
 */
const DEFAULT_INTERVAL_MS = 1_000;

/**
 * A pass that leaves the WAL longer than this many frames (8 MB) means the WAL has not started over since the last
 * time the thread caught up: writers committed during every pass, so no pass ended with all of it copied.
 */
const STARTS_OVER_PAST_FRAMES = 2_000;

/**
 * SQLite's own checkpoint, inside whichever commit finds the WAL past this many pages, is only a fallback for a
 * checkpointer thread that died: the thread and the finishing pass below keep the WAL far shorter.
 */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 50_000;

/**
 * Before it asks for the owner's writes to be held, the thread copies what was committed during its pass in more
 * passes, while each finds more than this many new frames (1 MB) and for at most `MAX_UNHELD_PASSES`: the held pass
 * then copies a few milliseconds of writes instead of a whole pass's. At 2,000 callbacks a second the writes were
 * held about once a second for 24 ms on average (up to 40 ms); now for 8–14 ms (the pass still ends with an fsync).
 */
const FEW_FRAMES = 256;
const MAX_UNHELD_PASSES = 4;

/** Holds the owner's writes (no transaction starts) until the returned function is called. */
export type HoldWrites = () => () => void;

/** How long the owner's writes have been held for finishing passes, since the checkpointer started. */
export interface WriteHolds {
  readonly count: number;
  readonly totalMs: number;
  readonly longestMs: number;
}

export const NO_WRITE_HOLDS: WriteHolds = { count: 0, totalMs: 0, longestMs: 0 };

/** The longest the owner's writes are held for the finishing pass, should the thread not answer. */
const LONGEST_HOLD_MS = 100;

/**
 * WAL checkpoints on a thread of their own. SQLite otherwise runs one inside whichever commit finds the WAL past
 * 1,000 pages: it copies those pages into the database file and fsyncs it, on the event loop, for 10–30 ms, every
 * 40 or so commits of a busy service — most of the commit time and all of its tail. Here a worker with its own
 * connection (synchronous=FULL, so the database file is synced before the WAL is reused) runs a PASSIVE checkpoint
 * once a second, which waits for no reader or writer.
 *
 * A writer starts the WAL over only when a checkpoint has copied all of it. Under a steady stream of commits the
 * thread never manages that (something is always committed while it copies), so the WAL would grow until the
 * fallback above stalled a commit for 30 ms or more (every 0.6 s at 2,000 callbacks/s). So when a pass leaves a long
 * WAL, a finishing pass copies what was committed meanwhile, with nothing added to the WAL while it runs; the next
 * write then starts the WAL over. The thread first catches up without holding anything (see `FEW_FRAMES`); then,
 * given `holdWrites`, the owner's writes wait (its event loop does not) while the thread runs that short pass;
 * otherwise, or when another connection committed during it (read models on the same file), the owner's connection
 * runs it on the event loop, between two transactions (its fsync takes 2–20 ms).
 *
 * Durability is unchanged: a commit is durable once its WAL frames are synced, which the committing connection
 * still does itself.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private finishing = false;
  private release: (() => void) | undefined;
  private holds = NO_WRITE_HOLDS;

  /** `db`: the owner's connection, which writes on this thread (the worker opens the same file with its own). */
  constructor(private readonly db: Database.Database, options: { readonly intervalMs?: number | undefined; readonly holdWrites?: HoldWrites } = {}) {
    const betterSqlite3 = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(checkpointerSource(betterSqlite3, db.name, options.intervalMs ?? DEFAULT_INTERVAL_MS), { eval: true });
    // a checkpoint that fails (the file went away, a disk error) is the store's business, not a crash of the service
    this.worker.on('error', () => this.releaseWrites());
    this.worker.on('message', (message: 'behind' | 'finished' | 'unfinished') => {
      if (message === 'behind') {
        if (options.holdWrites !== undefined) this.finishOnThread(options.holdWrites);
        else this.finishSoon();
        return;
      }
      // another connection of this thread (read models on the same file) committed during the thread's pass
      if (message === 'unfinished') this.finishNow();
      this.releaseWrites();
    });
    this.worker.unref();
  }

  get writeHolds(): WriteHolds {
    return this.holds;
  }

  async stop(): Promise<void> {
    this.releaseWrites();
    await this.worker.terminate();
  }

  private finishOnThread(holdWrites: HoldWrites): void {
    if (this.release !== undefined) return;
    const release = holdWrites();
    const since = performance.now();
    // not unref'd: held writes are work the process still has to do
    const timeout = setTimeout(() => this.releaseWrites(), LONGEST_HOLD_MS);
    this.release = () => {
      clearTimeout(timeout);
      release();
      const heldMs = performance.now() - since;
      const { count, totalMs, longestMs } = this.holds;
      this.holds = { count: count + 1, totalMs: totalMs + heldMs, longestMs: Math.max(longestMs, heldMs) };
    };
    this.worker.postMessage('finish');
  }

  private releaseWrites(): void {
    const release = this.release;
    this.release = undefined;
    release?.();
  }

  /** After whatever the event loop is doing now, so never inside one of the owner's transactions. */
  private finishSoon(): void {
    if (this.finishing) return;
    this.finishing = true;
    setImmediate(() => {
      this.finishing = false;
      this.finishNow();
    });
  }

  /** On the owner's connection, on the event loop (never called inside a transaction of its). */
  private finishNow(): void {
    if (!this.db.open || this.db.inTransaction) return;
    try {
      this.db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // busy (another connection checkpoints): the thread's next pass asks again
    }
  }
}

function checkpointerSource(betterSqlite3: string, file: string, intervalMs: number): string {
  return `
const { parentPort } = require('node:worker_threads');
const Database = require(${JSON.stringify(betterSqlite3)});
const db = new Database(${JSON.stringify(file)}, { fileMustExist: true, timeout: 0 });
db.pragma('synchronous = FULL');
db.pragma('wal_autocheckpoint = 0');
const checkpoint = () => {
  try {
    return db.pragma('wal_checkpoint(PASSIVE)')[0];
  } catch {
    // busy (another process checkpoints) or unreadable: the next tick tries again
    return undefined;
  }
};
const frames = (pass) => pass?.log ?? 0;
const longWal = (pass) => frames(pass) > ${STARTS_OVER_PAST_FRAMES};
setInterval(() => {
  let last = checkpoint();
  if (!longWal(last)) return;
  // what was committed during the pass, copied without holding the owner's writes while there is much of it
  for (let pass = 0; pass < ${MAX_UNHELD_PASSES}; pass += 1) {
    const next = checkpoint();
    // a writer started the WAL over meanwhile (or the pass failed: the next tick tries again)
    if (!longWal(next)) return;
    const added = next.log - last.log;
    last = next;
    // nothing committed since and all of it copied: the next write starts the WAL over by itself
    if (added === 0 && next.checkpointed === next.log) return;
    if (added <= ${FEW_FRAMES}) break;
  }
  parentPort.postMessage('behind');
}, ${Number(intervalMs)});
// the owner holds its writes: copy the rest, then check that nothing else was committed meanwhile
parentPort.on('message', () => {
  const before = frames(checkpoint());
  const after = frames(checkpoint());
  parentPort.postMessage(after === before ? 'finished' : 'unfinished');
});
`;
}
