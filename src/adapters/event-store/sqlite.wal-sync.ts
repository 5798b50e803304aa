import { closeSync, fdatasync, openSync } from 'node:fs';

export type SyncFile = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void;

/**
 * The fsync of a commit, off the event loop. The store's connection commits with synchronous=NORMAL (SQLite writes
 * the WAL frames and does not sync them) and its appends resolve only once this has synced the WAL file on libuv's
 * thread pool. So an append is durable when it resolves, as with synchronous=FULL, but the loop is not blocked for
 * the disk: the next batch can commit while the last one's sync is under way, and one sync covers every commit made
 * before it started.
 *
 * Between the commit and its sync, another connection can read the new events. That is safe because everything
 * that reads them and writes (the dialer, the read models, another instance) writes to the same WAL after them, and
 * after a power cut SQLite recovers a prefix of the WAL: nothing that was built on an event can survive without it.
 * No provider request is made before the dialer's own append has resolved.
 */
export class WalSync {
  private fd: number | undefined;
  private waiting: ((error: Error | undefined) => void)[] = [];
  private syncing = false;
  private failed: Error | undefined;
  private idle: (() => void)[] = [];

  constructor(
    private readonly walFile: string,
    private readonly syncFile: SyncFile = fdatasync,
  ) {}

  /** Set once a sync has failed: the disk may have lost acknowledged writes, so nothing more may be written. */
  get failure(): Error | undefined {
    return this.failed;
  }

  /** Calls `done` once every commit made so far is on disk (or with the error that stopped it). */
  afterSync(done: (error: Error | undefined) => void): void {
    this.waiting.push(done);
    if (!this.syncing) this.start();
  }

  /** Resolves when no sync is under way or waiting; then closes the file. */
  async close(): Promise<void> {
    while (this.syncing || this.waiting.length > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private start(): void {
    const covered = this.waiting;
    this.waiting = [];
    this.syncing = true;
    const finish = (error: NodeJS.ErrnoException | null) => {
      this.syncing = false;
      if (error !== null) this.failed ??= new Error(`the disk did not confirm a write to ${this.walFile} (${error.code ?? error.message}); the store refuses further writes`);
      for (const done of covered) done(this.failed);
      if (this.waiting.length > 0) this.start();
      else for (const resolve of this.idle.splice(0)) resolve();
    };
    if (this.failed !== undefined) return queueMicrotask(() => finish(null));
    try {
      this.fd ??= openSync(this.walFile, 'r+');
    } catch (error) {
      return queueMicrotask(() => finish(error as NodeJS.ErrnoException));
    }
    this.syncFile(this.fd, finish);
  }
}
