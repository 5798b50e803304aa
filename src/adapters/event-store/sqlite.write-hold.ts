/**
 * Holds the writes of every connection of this process on one SQLite file: while held, the event store starts no
 * transaction and the projector commits no read models (their work waits; the event loop does not). The WAL
 * checkpointer holds them for its finishing pass, which needs a WAL nobody adds to (see WalCheckpointer).
 */
export class WriteHold {
  private released: Promise<void> | undefined;
  private release: (() => void) | undefined;

  get held(): boolean {
    return this.released !== undefined;
  }

  /** Holds the writes until the returned function is called (again: no effect). */
  hold(): () => void {
    if (this.release !== undefined) return this.release;
    let resolve!: () => void;
    this.released = new Promise<void>((done) => (resolve = done));
    const release = () => {
      if (this.release !== release) return;
      this.release = undefined;
      this.released = undefined;
      resolve();
    };
    this.release = release;
    return release;
  }

  /** Resolves once the writes are released; undefined when they are not held. */
  whenReleased(): Promise<void> | undefined {
    return this.released;
  }
}
