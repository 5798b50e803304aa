import type { Clock } from '../../../../src/application/ports/clock.port.js';

interface Timer {
  readonly at: number;
  readonly order: number;
  readonly fn: () => void;
  cancelled: boolean;
}

/** A virtual clock: time moves only when the test says so, timers run in time order. */
export class ManualClock implements Clock {
  #now: number;
  #timers: Timer[] = [];
  #order = 0;

  constructor(start: number) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimer(at: number, fn: () => void): () => void {
    const timer: Timer = { at, order: this.#order++, fn, cancelled: false };
    this.#timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  /** Runs every timer due within `ms`, including timers those timers set. */
  advanceBy(ms: number): void {
    const target = this.#now + ms;
    for (let next = this.#nextDue(target); next !== undefined; next = this.#nextDue(target)) {
      this.#timers = this.#timers.filter((timer) => timer !== next);
      this.#now = Math.max(this.#now, next.at);
      next.fn();
    }
    this.#now = target;
  }

  get pendingTimers(): number {
    return this.#timers.filter((timer) => !timer.cancelled).length;
  }

  #nextDue(target: number): Timer | undefined {
    return this.#timers
      .filter((timer) => !timer.cancelled && timer.at <= target)
      .reduce<Timer | undefined>(
        (first, timer) =>
          first === undefined || timer.at < first.at || (timer.at === first.at && timer.order < first.order)
            ? timer
            : first,
        undefined,
      );
  }
}
