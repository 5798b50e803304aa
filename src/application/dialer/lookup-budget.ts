import { forCallsPerMinute, nextTokenAt, take, type TokenBucket } from '../../domain/dialing/rate-limiter.policy.js';
import type { TimerRegistry } from './timer-registry.js';

/** A lookup whose turn came and that did not ask within this long (its call closed meanwhile) loses its turn. */
const TURN_KEPT_MS = 60_000;

/**
 * The provider lookups' share of the account's API limit (PROVIDERS.md: call details and call searches spend the
 * same 200 requests a minute as the dials). A lookup with no token left waits in line, first come first served, and
 * is asked to go again when its turn comes. So when callbacks went missing for a while, the watchdog asks about the
 * silent calls at the budget's pace rather than all at once (90,000 at once failed with EMFILE in a bench run).
 */
export class LookupBudget {
  private bucket: TokenBucket;
  private readonly waiting = new Map<string, () => void>();
  private readonly turns = new Map<string, number>();

  constructor(
    perMinute: number,
    private readonly timers: TimerRegistry,
    private readonly now: () => number,
  ) {
    this.bucket = forCallsPerMinute(perMinute, now());
  }

  /** Whether lookup `key` may ask the provider now; if not, `askAgain` runs when its turn comes. */
  admit(key: string, askAgain: () => void): boolean {
    const turnSince = this.turns.get(key);
    if (turnSince !== undefined) {
      this.turns.delete(key);
      if (this.now() - turnSince <= TURN_KEPT_MS) return true;
    }
    if (this.waiting.size === 0 && this.takeToken()) return true;
    // a lookup already waiting keeps its place in the line
    this.waiting.set(key, askAgain);
    this.timers.scheduleEarliest('lookup-budget', nextTokenAt(this.bucket, this.now()), () => this.giveTurns());
    return false;
  }

  /** Lookups waiting for a token. */
  get waitingCount(): number {
    return this.waiting.size;
  }

  private takeToken(): boolean {
    const granted = take(this.bucket, this.now(), 1);
    this.bucket = granted.bucket;
    return granted.granted === 1;
  }

  private giveTurns(): void {
    const now = this.now();
    for (const [key, since] of this.turns) if (now - since > TURN_KEPT_MS) this.turns.delete(key);
    for (const [key, askAgain] of this.waiting) {
      if (!this.takeToken()) break;
      this.waiting.delete(key);
      this.turns.set(key, now);
      askAgain();
    }
    if (this.waiting.size > 0) this.timers.scheduleEarliest('lookup-budget', nextTokenAt(this.bucket, now), () => this.giveTurns());
  }
}
