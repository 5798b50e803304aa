import { BinaryHeap } from '../../application/dialer/binary-heap.js';
import type { CancelTimer, Clock } from '../../application/ports/clock.port.js';

interface Timer {
  readonly at: number;
  readonly order: number;
  readonly fn: () => void;
  cancelled: boolean;
}

/**
 * Time that moves only when told to: tests and simulations run a campaign day in seconds with the same code.
 * Timers fire in (time, creation) order; a timer set in the past fires at the next advance.
 */
export class VirtualClock implements Clock {
  private current: number;
  private readonly timers = new BinaryHeap<Timer>((a, b) => a.at < b.at || (a.at === b.at && a.order < b.order));
  private live = 0;
  private created = 0;

  constructor(start: number | string) {
    this.current = typeof start === 'string' ? Date.parse(start) : start;
  }

  now(): number {
    return this.current;
  }

  setTimer(at: number, fn: () => void): CancelTimer {
    const timer: Timer = { at: Math.max(at, this.current), order: (this.created += 1), fn, cancelled: false };
    this.timers.push(timer);
    this.live += 1;
    return () => {
      if (timer.cancelled) return;
      timer.cancelled = true;
      this.live -= 1;
    };
  }

  /** When the next live timer fires, if any. */
  nextTimerAt(): number | undefined {
    this.dropCancelled();
    return this.timers.peek()?.at;
  }

  /** Moves time to `to`, firing every timer due by then in order (timers they set are fired too). */
  advanceTo(to: number): number {
    let fired = 0;
    for (;;) {
      this.dropCancelled();
      const next = this.timers.peek();
      if (next === undefined || next.at > to) break;
      this.timers.pop();
      next.cancelled = true;
      this.live -= 1;
      this.current = Math.max(this.current, next.at);
      next.fn();
      fired += 1;
    }
    this.current = Math.max(this.current, to);
    return fired;
  }

  advanceBy(ms: number): number {
    return this.advanceTo(this.current + ms);
  }

  get pending(): number {
    return this.live;
  }

  private dropCancelled(): void {
    while (this.timers.peek()?.cancelled === true) this.timers.pop();
  }
}
