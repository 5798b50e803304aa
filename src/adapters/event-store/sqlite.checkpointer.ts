import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * How often the checkpointer copies what the WAL holds into the database file. Each checkpoint ends with an fsync of
 * the database file, and a commit's own WAL fsync waits behind it on the same disk: every 10 ms that was the dial
 * decision's p99 (10 ms; 3.5 ms at one a second, with 1,000,000 contacts queued). A second of busy writing is a few
 * thousand WAL pages, well under the store's own fallback.
 */
const DEFAULT_INTERVAL_MS = 1_000;

/**
 * WAL checkpoints on a thread of their own. SQLite otherwise runs one inside whichever commit finds the WAL past
 * 1,000 pages: it copies those pages into the database file and fsyncs it, on the event loop, for 10–30 ms, every
 * 40 or so commits of a busy service — most of the commit time and all of its tail. Here a worker with its own
 * connection (synchronous=FULL, so the database file is synced before the WAL is reused) runs a PASSIVE checkpoint
 * once a second, which waits for no reader or writer; the WAL stays small, and writers start it over.
 *
 * Durability is unchanged: a commit is durable once its WAL frames are synced, which the committing connection
 * still does itself. If this thread dies, the store's own (raised) auto-checkpoint keeps the WAL bounded.
 */
export class WalCheckpointer {
  private readonly worker: Worker;

  constructor(file: string, intervalMs = DEFAULT_INTERVAL_MS) {
    const betterSqlite3 = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(checkpointerSource(betterSqlite3, file, intervalMs), { eval: true });
    // a checkpoint that fails (the file went away, a disk error) is the store's business, not a crash of the service
    this.worker.on('error', () => undefined);
    this.worker.unref();
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

function checkpointerSource(betterSqlite3: string, file: string, intervalMs: number): string {
  return `
const Database = require(${JSON.stringify(betterSqlite3)});
const db = new Database(${JSON.stringify(file)}, { fileMustExist: true, timeout: 0 });
db.pragma('synchronous = FULL');
db.pragma('wal_autocheckpoint = 0');
setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // busy (another process checkpoints) or unreadable: the next tick tries again
  }
}, ${Number(intervalMs)});
`;
}
