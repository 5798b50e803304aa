/** Promises the simulation started and must see settled before it moves the clock again. */
export class PendingWork {
  private readonly running = new Set<Promise<unknown>>();
  readonly failures: Error[] = [];

  track(work: Promise<unknown>): void {
    const guarded = work.catch((error: unknown) => {
      this.failures.push(error instanceof Error ? error : new Error(String(error)));
    });
    this.running.add(guarded);
    void guarded.finally(() => this.running.delete(guarded));
  }

  get size(): number {
    return this.running.size;
  }

  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
