import { forCallsPerMinute, refill, slowDown, type TokenBucket } from '../../domain/dialing/rate-limiter.policy.js';
import type { Clock } from '../ports/clock.port.js';
import type { ObservedAppend } from './observed.event-store.js';

const ROUNDING = 1e-9;

/**
 * The dialer's token bucket, replayed from what it wrote (one token per dial, emptied after a 429), so the
 * simulation can tell an agent waiting for a token from one the dialer overlooked.
 */
export class RateMirror {
  private bucket: TokenBucket;

  constructor(
    callsPerMinute: number,
    private readonly clock: Clock,
  ) {
    this.bucket = forCallsPerMinute(callsPerMinute, clock.now());
  }

  observe(append: ObservedAppend): void {
    for (const event of append.events) {
      if (event.type === 'ContactDialed') this.spendOne();
      const reason = (event.data as { reason?: string }).reason;
      if (event.type === 'DialRejected' && reason === 'rate-limited') this.bucket = slowDown(this.bucket, this.clock.now());
    }
  }

  /** Floating point may leave a hair less than the token the dialer spent: the mirror's count may dip below 0. */
  private spendOne(): void {
    const current = refill(this.bucket, this.clock.now());
    this.bucket = { ...current, tokens: current.tokens - 1 };
  }

  hasToken(nowMs: number): boolean {
    return refill(this.bucket, nowMs).tokens >= 1 - ROUNDING;
  }
}
