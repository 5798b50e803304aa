import { isWindowOpen, nextWindowOpening, windowClosesAt, type CallingWindow } from '../../domain/dialing/calling-window.policy.js';

interface Known {
  readonly open: boolean;
  /** The window's state holds on [from, until). */
  readonly from: number;
  readonly until: number;
}

/**
 * `isWindowOpen` answered from memory until the window next changes. The policy asks luxon for the zone's local
 * time (about 20 µs), and the dialer asks on every pump and before every request; the answer only changes when the
 * window opens or closes, which the policy also computes (`windowClosesAt`, `nextWindowOpening`, DST-correct).
 * Keyed by the window object itself: changed settings are a new object (the deciders never mutate state), so they
 * are looked up afresh, and a forgotten campaign's window is collected with it.
 */
export class WindowCache {
  private readonly known = new WeakMap<CallingWindow, Known>();

  /** Same answer as `isWindowOpen(window, atMs)`. */
  isOpen(window: CallingWindow, atMs: number): boolean {
    const known = this.known.get(window);
    if (known !== undefined && atMs >= known.from && atMs < known.until) return known.open;
    const open = isWindowOpen(window, atMs);
    const until = this.changeAfter(window, atMs, open);
    if (until !== undefined && until > atMs) this.known.set(window, { open, from: atMs, until });
    return open;
  }

  /** Same answer as `nextWindowOpening(window, atMs)`: `atMs` while open, else when it next opens. */
  nextOpening(window: CallingWindow, atMs: number): number {
    if (this.isOpen(window, atMs)) return atMs;
    const known = this.known.get(window);
    return known !== undefined && !known.open && atMs >= known.from && atMs < known.until ? known.until : nextWindowOpening(window, atMs);
  }

  /** When the state found at `atMs` ends; undefined when the policy cannot say (nothing is then remembered). */
  private changeAfter(window: CallingWindow, atMs: number, open: boolean): number | undefined {
    try {
      return open ? windowClosesAt(window, atMs) : nextWindowOpening(window, atMs);
    } catch {
      // a window that never opens: the caller's own nextWindowOpening reports it, as without the cache
      return undefined;
    }
  }
}
