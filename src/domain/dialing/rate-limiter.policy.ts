import { DomainError } from '../shared/domain-error.js';

/** A token bucket: up to `capacity` tokens, refilled continuously; one token is one call initiation. */
export interface TokenBucket {
  readonly capacity: number;
  readonly refillPerMs: number;
  readonly tokens: number;
  readonly updatedAtMs: number;
  /** After 429s: when the latest slow-down began, and how long it held the next token back. */
  readonly slowedAtMs?: number;
  readonly backoffMs?: number;
}

const MINUTE_MS = 60_000;

/** The longest a run of 429s holds back the next token (one refill interval, if that is longer). */
export const MAX_BACKOFF_MS = 60_000;

/** A full bucket. */
export function createBucket(capacity: number, refillPerMinute: number, nowMs: number): TokenBucket {
  if (!Number.isFinite(capacity) || capacity < 1)
    throw invalidRate('a bucket holds at least one token', 'capacity');
  if (!Number.isFinite(refillPerMinute) || refillPerMinute < 0)
    throw invalidRate('the refill rate must be 0 or more per minute', 'refillPerMinute');
  return { capacity, refillPerMs: refillPerMinute / MINUTE_MS, tokens: capacity, updatedAtMs: nowMs };
}

/**
 * A bucket that never lets more than `callsPerMinute` calls start within any 60 s: whatever was stored
 * when a minute began (at most the burst) plus what refills during it (cpm − burst) adds up to cpm. A burst
 * of a sixth keeps a freed-up floor from waiting a whole refill interval for each of its first calls.
 * At 1 call per minute there is nothing to split: one token, refilled once a minute.
 */
export function forCallsPerMinute(callsPerMinute: number, nowMs: number): TokenBucket {
  if (!Number.isFinite(callsPerMinute) || callsPerMinute < 1) {
    throw invalidRate('calls per minute must be at least 1', 'callsPerMinute');
  }
  const burst = Math.max(1, Math.floor(callsPerMinute / 6));
  const refillPerMinute = callsPerMinute > burst ? callsPerMinute - burst : callsPerMinute;
  return createBucket(burst, refillPerMinute, nowMs);
}

/** Time never goes backwards: an earlier `nowMs` is read as the bucket's own time. */
export function refill(b: TokenBucket, nowMs: number): TokenBucket {
  const at = Math.max(nowMs, b.updatedAtMs);
  if (at === b.updatedAtMs) return b;
  const tokens = Math.min(b.capacity, b.tokens + (at - b.updatedAtMs) * b.refillPerMs);
  return { ...b, tokens, updatedAtMs: at };
}

/** Grants as many whole tokens as are available, up to `wanted`. */
export function take(
  b: TokenBucket,
  nowMs: number,
  wanted: number,
): { readonly granted: number; readonly bucket: TokenBucket } {
  const current = refill(b, nowMs);
  const limit = Number.isNaN(wanted) ? 0 : Math.floor(wanted);
  const granted = Math.max(0, Math.min(limit, Math.floor(current.tokens)));
  if (granted === 0) return { granted, bucket: current };
  return { granted, bucket: { ...current, tokens: current.tokens - granted } };
}

/** When the next whole token is available: `nowMs` if one is now; Infinity if the bucket never refills. */
export function nextTokenAt(b: TokenBucket, nowMs: number): number {
  const at = Math.max(nowMs, b.updatedAtMs);
  const hasToken = (t: number) => refill(b, t).tokens >= 1;
  if (hasToken(at)) return nowMs;
  if (b.refillPerMs <= 0 || b.capacity < 1) return Number.POSITIVE_INFINITY;
  // floating point may put the estimate a millisecond off: settle on the first instant `take` grants at
  let next = Math.max(at, b.updatedAtMs + Math.ceil((1 - b.tokens) / b.refillPerMs));
  while (!hasToken(next)) next += 1;
  while (next - 1 > at && hasToken(next - 1)) next -= 1;
  return next;
}

/**
 * After a 429 from the provider: drop every stored token, so the next comes a full refill interval later; when
 * that next request is refused too, wait twice as long, and so on up to MAX_BACKOFF_MS, so a provider that keeps
 * refusing is asked less and less often. A refusal of a request sent before the current wait began (one of a
 * burst) says nothing new and changes nothing; a refusal long after the last wait ended starts over.
 */
export function slowDown(b: TokenBucket, nowMs: number): TokenBucket {
  const current = refill(b, nowMs);
  if (!(b.refillPerMs > 0)) return { ...current, tokens: 0 };
  const intervalMs = 1 / b.refillPerMs;
  const waitEndsAt = b.slowedAtMs !== undefined && b.backoffMs !== undefined ? b.slowedAtMs + b.backoffMs : undefined;
  if (waitEndsAt !== undefined && nowMs < waitEndsAt) return current;
  const again = waitEndsAt !== undefined && nowMs - waitEndsAt <= b.backoffMs! + intervalMs;
  const backoffMs = again ? Math.min(2 * b.backoffMs!, Math.max(MAX_BACKOFF_MS, intervalMs)) : intervalMs;
  // tokens below zero: the next whole token is `backoffMs` away
  return { ...current, tokens: Math.min(0, 1 - backoffMs * b.refillPerMs), slowedAtMs: nowMs, backoffMs };
}

function invalidRate(message: string, field: string): DomainError {
  return new DomainError('rate-limit.invalid', message, field);
}
