import type { CancelTimer, Clock } from '../ports/clock.port.js';

/** At most one timer per key; scheduling a key again replaces its timer. */
export class TimerRegistry {
  private readonly timers = new Map<string, { at: number; cancel: CancelTimer }>();
  private closed = false;

  constructor(private readonly clock: Clock) {}

  schedule(key: string, at: number, fn: () => void): void {
    if (this.closed) return;
    const existing = this.timers.get(key);
    if (existing !== undefined && existing.at === at) return;
    existing?.cancel();
    const cancel = this.clock.setTimer(at, () => {
      if (this.timers.get(key)?.cancel === cancel) this.timers.delete(key);
      fn();
    });
    this.timers.set(key, { at, cancel });
  }

  /** Keeps whichever of the existing and the new time comes first. */
  scheduleEarliest(key: string, at: number, fn: () => void): void {
    const existing = this.timers.get(key);
    if (existing !== undefined && existing.at <= at) return;
    this.schedule(key, at, fn);
  }

  cancel(key: string): void {
    this.timers.get(key)?.cancel();
    this.timers.delete(key);
  }

  /** Cancels every timer and refuses new ones (the owner has stopped). */
  close(): void {
    this.closed = true;
    this.cancelAll();
  }

  cancelAll(): void {
    for (const { cancel } of this.timers.values()) cancel();
    this.timers.clear();
  }

  get size(): number {
    return this.timers.size;
  }
}
