import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { DomainError } from '../../../src/domain/shared/domain-error.js';
import {
  createBucket,
  forCallsPerMinute,
  nextTokenAt,
  MAX_BACKOFF_MS,
  refill,
  slowDown,
  take,
  type TokenBucket,
} from '../../../src/domain/dialing/rate-limiter.policy.js';

const T0 = 1_717_400_000_000;
const MINUTE = 60_000;

describe('token bucket', () => {
  it('starts full', () => {
    expect(createBucket(5, 30, T0)).toEqual({
      capacity: 5,
      refillPerMs: 30 / MINUTE,
      tokens: 5,
      updatedAtMs: T0,
    });
  });

  it('grants whole tokens only, never more than wanted or available', () => {
    const bucket = createBucket(5, 60, T0);
    expect(take(bucket, T0, 3).granted).toBe(3);
    expect(take(bucket, T0, 8).granted).toBe(5);
    expect(take(bucket, T0, 2.7).granted).toBe(2);
    expect(take(bucket, T0, -1).granted).toBe(0);
    expect(take({ ...bucket, tokens: 1.9 }, T0, 5).granted).toBe(1);
  });

  it('refills continuously up to its capacity', () => {
    const empty = take(createBucket(5, 60, T0), T0, 5).bucket;
    expect(refill(empty, T0 + 2_500).tokens).toBeCloseTo(2.5);
    expect(refill(empty, T0 + 10 * MINUTE).tokens).toBe(5);
  });

  it('treats a time earlier than its own as its own time', () => {
    const { bucket } = take(createBucket(2, 60, T0), T0 + 1_000, 2);
    const late = take(bucket, T0, 1);
    expect(late.granted).toBe(0);
    expect(late.bucket).toEqual(bucket);
    expect(refill(bucket, T0 - MINUTE)).toEqual(bucket);
  });

  it('tells when the next whole token comes', () => {
    const bucket = createBucket(2, 60, T0);
    expect(nextTokenAt(bucket, T0)).toBe(T0);
    const empty = take(bucket, T0, 2).bucket;
    expect(nextTokenAt(empty, T0)).toBe(T0 + 1_000);
    expect(nextTokenAt(empty, T0 + 400)).toBe(T0 + 1_000);
    expect(take(empty, T0 + 999, 1).granted).toBe(0);
    expect(take(empty, T0 + 1_000, 1).granted).toBe(1);
  });

  it('never promises a token from a bucket that does not refill', () => {
    const dry = take(createBucket(1, 0, T0), T0, 1).bucket;
    expect(nextTokenAt(dry, T0 + MINUTE)).toBe(Number.POSITIVE_INFINITY);
  });

  it('after a 429, waits a full refill interval for the next token', () => {
    const slowed = slowDown(createBucket(10, 30, T0), T0 + 500);
    expect(slowed.tokens).toBe(0);
    expect(nextTokenAt(slowed, T0 + 500)).toBe(T0 + 500 + 2_000);
  });

  it('when the provider keeps answering 429, waits twice as long each time, up to a minute; a quiet spell starts over', () => {
    // 30/min: one token every 2 s
    let bucket = createBucket(10, 30, T0);
    let at = T0;
    const waits: number[] = [];
    for (let refusal = 0; refusal < 8; refusal += 1) {
      bucket = slowDown(bucket, at);
      const next = nextTokenAt(bucket, at);
      waits.push(next - at);
      at = next; // the next request goes out with that token and is refused again
    }
    expect(waits).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    expect(MAX_BACKOFF_MS).toBe(60_000);

    // refusals of requests sent before the wait began (one burst) change nothing
    const once = slowDown(createBucket(10, 30, T0), T0);
    expect(slowDown(once, T0 + 10)).toEqual(refill(once, T0 + 10));

    // long after the last wait ended, a 429 waits one interval again
    const later = at + 10 * MINUTE;
    expect(nextTokenAt(slowDown(bucket, later), later) - later).toBe(2_000);
  });

  it.each([
    ['no capacity', () => createBucket(0, 60, T0), 'capacity'],
    ['a negative refill', () => createBucket(1, -1, T0), 'refillPerMinute'],
    ['zero calls per minute', () => forCallsPerMinute(0, T0), 'callsPerMinute'],
    ['an infinite rate', () => forCallsPerMinute(Number.POSITIVE_INFINITY, T0), 'callsPerMinute'],
  ])('rejects %s', (_what, build, field) => {
    expect(build).toThrow(DomainError);
    try {
      build();
    } catch (error) {
      expect((error as DomainError).field).toBe(field);
    }
  });
});

describe('forCallsPerMinute', () => {
  it('keeps a sixth as burst and refills the rest over the minute', () => {
    const bucket = forCallsPerMinute(60, T0);
    expect(bucket.capacity).toBe(10);
    expect(bucket.refillPerMs * MINUTE).toBeCloseTo(50);
  });

  it('keeps a burst of one below 12 calls per minute', () => {
    const bucket = forCallsPerMinute(5, T0);
    expect(bucket.capacity).toBe(1);
    expect(bucket.refillPerMs * MINUTE).toBeCloseTo(4);
  });

  it('still refills at one call per minute', () => {
    const bucket = forCallsPerMinute(1, T0);
    expect(bucket.capacity).toBe(1);
    const afterFirst = take(bucket, T0, 1);
    expect(afterFirst.granted).toBe(1);
    expect(nextTokenAt(afterFirst.bucket, T0)).toBe(T0 + MINUTE);
  });

  it('lets 60 calls per minute start 10 at once and 60 in the first minute, not 61', () => {
    let bucket = forCallsPerMinute(60, T0);
    let total = 0;
    for (let at = T0; at < T0 + MINUTE; at += 100) {
      const result = take(bucket, at, 100);
      total += result.granted;
      bucket = result.bucket;
      if (at === T0) expect(result.granted).toBe(10);
    }
    expect(total).toBeLessThanOrEqual(60);
    expect(total).toBeGreaterThanOrEqual(59);
  });
});

type Step =
  | { readonly kind: 'take'; readonly afterMs: number; readonly wanted: number }
  | { readonly kind: 'slow-down'; readonly afterMs: number };

const step = (maxGapMs: number, maxWanted: number): fc.Arbitrary<Step> =>
  fc.oneof(
    {
      weight: 9,
      arbitrary: fc.record({
        kind: fc.constant('take' as const),
        afterMs: fc.nat(maxGapMs),
        wanted: fc.nat(maxWanted),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('slow-down' as const), afterMs: fc.nat(maxGapMs) }),
    },
  );

type Grant = { readonly at: number; readonly granted: number };

/** Plays the steps at increasing times, returning when and how many tokens were granted. */
function play(start: TokenBucket, steps: readonly Step[]): Grant[] {
  let bucket = start;
  let at = start.updatedAtMs;
  const grants: Grant[] = [];
  for (const s of steps) {
    at += s.afterMs;
    if (s.kind === 'slow-down') {
      bucket = slowDown(bucket, at);
      continue;
    }
    const result = take(bucket, at, s.wanted);
    bucket = result.bucket;
    grants.push({ at, granted: result.granted });
  }
  return grants;
}

/** Over every interval from one grant to a later one: how far the total granted exceeds `allowance(length)`. */
function worstExcess(grants: readonly Grant[], allowance: (lengthMs: number) => number): number {
  let worst = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < grants.length; i++) {
    let total = 0;
    for (let j = i; j < grants.length; j++) {
      total += grants[j]!.granted;
      worst = Math.max(worst, total - allowance(grants[j]!.at - grants[i]!.at));
    }
  }
  return worst;
}

/** The most calls started in any 60 s window [t, t + 60 s). */
function busiestMinute(grants: readonly Grant[]): number {
  let busiest = 0;
  for (let i = 0; i < grants.length; i++) {
    let total = 0;
    for (let j = i; j < grants.length && grants[j]!.at < grants[i]!.at + MINUTE; j++)
      total += grants[j]!.granted;
    busiest = Math.max(busiest, total);
  }
  return busiest;
}

describe('rate limiter properties', () => {
  test.prop(
    [
      fc.integer({ min: 1, max: 20 }),
      fc.integer({ min: 0, max: 600 }),
      fc.array(step(20_000, 6), { maxLength: 60, size: 'max' }),
    ],
    {
      numRuns: 1000,
      // found by a random seed in CI: 6 tokens in 20 s is exactly 3 + 9/min × 20 s, not one over
      examples: [
        [
          3,
          9,
          [
            { kind: 'take', afterMs: 0, wanted: 2 },
            { kind: 'take', afterMs: 6, wanted: 1 },
            { kind: 'take', afterMs: 19_994, wanted: 3 },
          ],
        ],
      ],
    },
  )(
    'in any interval of length L, grants total at most capacity + floor(callsPerMinute × L / 1 min)',
    (capacity, perMinute, steps) => {
      const bucket = createBucket(capacity, perMinute, T0);
      // integer arithmetic: refillPerMs × L in floating point can land a hair under a whole token (9/60000 × 20000
      // is 2.9999999999999996) and floor a token away from the true allowance
      const allowance = (lengthMs: number) => capacity + Math.floor((perMinute * lengthMs) / MINUTE);
      expect(worstExcess(play(bucket, steps), allowance)).toBeLessThanOrEqual(0);
    },
  );

  /** Minutes of calls asking for up to cpm at a time, some steps far enough apart for the bucket to fill up. */
  const callsPerMinuteRun = fc
    .integer({ min: 1, max: 300 })
    .chain((cpm) =>
      fc.tuple(fc.constant(cpm), fc.array(step(2_000, cpm), { minLength: 30, maxLength: 150, size: 'max' })),
    );

  test.prop([callsPerMinuteRun], { numRuns: 1000 })(
    'with forCallsPerMinute(cpm), no 60 s window sees more than cpm calls start',
    ([cpm, steps]) => {
      const grants = play(forCallsPerMinute(cpm, T0), steps);
      expect(busiestMinute(grants)).toBeLessThanOrEqual(cpm);
      // from 2 calls per minute on, even a closed window [t, t + 60 s] holds at most cpm
      if (cpm >= 2)
        expect(worstExcess(grants, (lengthMs) => (lengthMs <= MINUTE ? cpm : Infinity))).toBeLessThanOrEqual(
          0,
        );
    },
  );

  test.prop(
    [
      fc.integer({ min: 1, max: 20 }),
      fc.integer({ min: 1, max: 600 }),
      fc.array(step(20_000, 6), { maxLength: 20, size: 'max' }),
      fc.nat(30_000),
    ],
    { numRuns: 1000 },
  )(
    'a token is granted at nextTokenAt and not a millisecond earlier',
    (capacity, perMinute, steps, waitMs) => {
      let bucket = createBucket(capacity, perMinute, T0);
      let at = T0;
      for (const s of steps) {
        at += s.afterMs;
        bucket = s.kind === 'take' ? take(bucket, at, s.wanted).bucket : slowDown(bucket, at);
      }
      const now = at + waitMs;
      const next = nextTokenAt(bucket, now);
      expect(next).toBeGreaterThanOrEqual(now);
      expect(take(bucket, next, 1).granted).toBe(1);
      if (next > now) expect(take(bucket, next - 1, 1).granted).toBe(0);
    },
  );
});
