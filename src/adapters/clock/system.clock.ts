import { BinaryHeap } from '../../application/dialer/binary-heap.js';
import type { CancelTimer, Clock } from '../../application/ports/clock.port.js';

/** Longest delay setTimeout accepts; a longer wait re-arms on the way. */
const MAX_TIMEOUT_MS = 2_147_483_647;
/** Cancelled timers stay in the heap until they come up, unless they are this many and most of it. */
const COMPACT_AT = 1_024;

interface Timer {
  readonly at: number;
  readonly order: number;
  /** Undefined once fired or cancelled. */
  fn: (() => void) | undefined;
}

const earlier = (a: Timer, b: Timer) => a.at < b.at || (a.at === b.at && a.order < b.order);

/**
 * The wall clock. Its timers share one Node timer, armed for the earliest: the dialer keeps one per open call (its
 * watchdog), and a Node timer each (a Timeout, its closure and context) was 17 MB of the live heap with 30,000 calls.
 * Timers fire in (time, creation) order, once due by `Date.now()`.
 */
export class SystemClock implements Clock {
  private due = new BinaryHeap<Timer>(earlier);
  private created = 0;
  private cancelled = 0;
  private armed: { readonly at: number; readonly handle: NodeJS.Timeout } | undefined;
  /** Set while timers fire: the ones they set join the heap afterwards, so none fires in the same turn. */
  private setWhileFiring: Timer[] | undefined;

  now(): number {
    return Date.now();
  }

  setTimer(at: number, fn: () => void): CancelTimer {
    const timer: Timer = { at, order: (this.created += 1), fn };
    if (this.setWhileFiring !== undefined) this.setWhileFiring.push(timer);
    else {
      this.due.push(timer);
      this.arm();
    }
    return () => {
      if (timer.fn === undefined) return;
      timer.fn = undefined;
      this.cancelled += 1;
      if (this.cancelled >= COMPACT_AT && this.cancelled * 2 > this.pending + this.cancelled) this.compact();
    };
  }

  /** Timers set and neither fired nor cancelled. */
  get pending(): number {
    return this.due.size + (this.setWhileFiring?.length ?? 0) - this.cancelled;
  }

  /** The Node timer set for the earliest live timer, unless one is set for that time or before. */
  private arm(): void {
    this.dropCancelled();
    const next = this.due.peek();
    if (next === undefined || (this.armed !== undefined && this.armed.at <= next.at)) return;
    if (this.armed !== undefined) clearTimeout(this.armed.handle);
    const handle = setTimeout(() => this.fire(), Math.min(Math.max(0, next.at - Date.now()), MAX_TIMEOUT_MS));
    handle.unref();
    this.armed = { at: next.at, handle };
  }

  /** Fires what is due; timers set meanwhile wait for the next turn, as they would with a Node timer each. */
  private fire(): void {
    this.armed = undefined;
    const now = Date.now();
    this.setWhileFiring = [];
    try {
      for (;;) {
        this.dropCancelled();
        const next = this.due.peek();
        if (next === undefined || next.at > now) break;
        this.due.pop();
        const fn = next.fn!;
        next.fn = undefined;
        fn();
      }
    } finally {
      // a throwing timer surfaces as an uncaught exception, as before; the rest fire on the next turn
      for (const timer of this.setWhileFiring) this.due.push(timer);
      this.setWhileFiring = undefined;
      this.arm();
    }
  }

  private dropCancelled(): void {
    for (let top = this.due.peek(); top !== undefined && top.fn === undefined; top = this.due.peek()) {
      this.due.pop();
      this.cancelled -= 1;
    }
  }

  private compact(): void {
    const live = new BinaryHeap<Timer>(earlier);
    for (let timer = this.due.pop(); timer !== undefined; timer = this.due.pop()) if (timer.fn !== undefined) live.push(timer);
    this.due = live;
    this.cancelled = this.setWhileFiring?.filter((timer) => timer.fn === undefined).length ?? 0;
  }
}
