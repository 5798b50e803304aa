import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { DomainError } from '../../../src/domain/shared/domain-error.js';
import { toMs } from '../../../src/domain/shared/time.js';
import { type CallOutcome } from '../../../src/domain/dialing/outcome.mapping.js';
import {
  DEFAULT_RETRY_RULES,
  MAX_ATTEMPTS_LIMIT,
  MAX_UNCOUNTED_ATTEMPTS,
  countsAsAttempt,
  decideRetry,
  validateRetryRules,
  type RetryDecision,
  type RetryInput,
  type RetryRule,
  type RetryRules,
} from '../../../src/domain/dialing/retry.policy.js';

const NOW = '2024-06-03T10:00:00.000Z';
const at = (offsetSec: number) => new Date(toMs(NOW) + offsetSec * 1000).toISOString();

const input = (overrides: Partial<RetryInput>): RetryInput => ({
  outcome: 'busy',
  counts: true,
  countedAttempts: 1,
  uncountedAttempts: 0,
  rules: DEFAULT_RETRY_RULES,
  now: NOW,
  ...overrides,
});

function rejection(rules: unknown): DomainError {
  try {
    validateRetryRules(rules as RetryRules);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the rules to be rejected');
}

describe('validateRetryRules', () => {
  it('accepts the defaults, an empty rule set and a backoff', () => {
    expect(() => validateRetryRules(DEFAULT_RETRY_RULES)).not.toThrow();
    expect(() => validateRetryRules({})).not.toThrow();
    expect(() =>
      validateRetryRules({ busy: { retryAfterSec: 0, backoffFactor: 10, maxAttempts: MAX_ATTEMPTS_LIMIT } }),
    ).not.toThrow();
  });

  it('defaults to 300 s and 3 attempts for busy, no-answer and failed', () => {
    const rule = { retryAfterSec: 300, maxAttempts: 3 };
    expect(DEFAULT_RETRY_RULES).toEqual({ busy: rule, 'no-answer': rule, failed: rule });
  });

  it.each([
    ['a negative delay', { busy: { retryAfterSec: -1, maxAttempts: 3 } }, 'retry.busy.retryAfterSec'],
    [
      'an infinite delay',
      { busy: { retryAfterSec: Number.POSITIVE_INFINITY, maxAttempts: 3 } },
      'retry.busy.retryAfterSec',
    ],
    [
      'a delay that is not a number',
      { 'no-answer': { retryAfterSec: Number.NaN, maxAttempts: 3 } },
      'retry.no-answer.retryAfterSec',
    ],
    [
      'a backoff below 1',
      { failed: { retryAfterSec: 60, backoffFactor: 0.5, maxAttempts: 3 } },
      'retry.failed.backoffFactor',
    ],
    [
      'a backoff above 10',
      { failed: { retryAfterSec: 60, backoffFactor: 10.5, maxAttempts: 3 } },
      'retry.failed.backoffFactor',
    ],
    [
      'a backoff that is not a number',
      { failed: { retryAfterSec: 60, backoffFactor: Number.NaN, maxAttempts: 3 } },
      'retry.failed.backoffFactor',
    ],
    ['zero attempts', { busy: { retryAfterSec: 60, maxAttempts: 0 } }, 'retry.busy.maxAttempts'],
    ['a fraction of an attempt', { busy: { retryAfterSec: 60, maxAttempts: 2.5 } }, 'retry.busy.maxAttempts'],
    ['more than 10 attempts', { busy: { retryAfterSec: 60, maxAttempts: 11 } }, 'retry.busy.maxAttempts'],
    ['a rule for connected calls', { connected: { retryAfterSec: 60, maxAttempts: 3 } }, 'retry.connected'],
    [
      'a rule for agent-missed calls',
      { 'agent-missed': { retryAfterSec: 60, maxAttempts: 3 } },
      'retry.agent-missed',
    ],
  ])('rejects %s, naming the field', (_what, rules, field) => {
    const error = rejection(rules);
    expect(error.code).toBe('campaign.invalid-retry');
    expect(error.field).toBe(field);
  });

  it('says how many attempts are allowed at most', () => {
    expect(rejection({ busy: { retryAfterSec: 60, maxAttempts: 11 } }).message).toContain(
      'at most 10 attempts',
    );
  });
});

describe('decideRetry', () => {
  it('ends a connected call as reached', () => {
    expect(decideRetry(input({ outcome: 'connected' }))).toEqual({ kind: 'final', disposition: 'reached' });
  });

  it('retries a busy customer after the rule delay, at the back of the queue', () => {
    expect(decideRetry(input({ outcome: 'busy', countedAttempts: 1 }))).toEqual({
      kind: 'retry',
      dueAt: at(300),
      front: false,
    });
  });

  it('multiplies the delay by the backoff factor for every earlier counted attempt', () => {
    const rules = { 'no-answer': { retryAfterSec: 60, backoffFactor: 2, maxAttempts: 5 } };
    const dueAfter = (countedAttempts: number) =>
      decideRetry(input({ outcome: 'no-answer', countedAttempts, rules }));
    expect(dueAfter(1)).toEqual({ kind: 'retry', dueAt: at(60), front: false });
    expect(dueAfter(2)).toEqual({ kind: 'retry', dueAt: at(120), front: false });
    expect(dueAfter(4)).toEqual({ kind: 'retry', dueAt: at(480), front: false });
  });

  it('is exhausted once the counted attempts reach maxAttempts', () => {
    expect(decideRetry(input({ outcome: 'failed', countedAttempts: 2 })).kind).toBe('retry');
    expect(decideRetry(input({ outcome: 'failed', countedAttempts: 3 }))).toEqual({
      kind: 'final',
      disposition: 'exhausted',
    });
  });

  it('does not retry an outcome the campaign has no rule for', () => {
    expect(decideRetry(input({ outcome: 'no-answer', rules: { busy: DEFAULT_RETRY_RULES.busy! } }))).toEqual({
      kind: 'final',
      disposition: 'exhausted',
    });
  });

  it.each<CallOutcome>(['agent-missed', 'canceled'])(
    'puts the contact back at the front right away after %s',
    (outcome) => {
      expect(
        decideRetry(input({ outcome, counts: false, countedAttempts: 3, uncountedAttempts: 1 })),
      ).toEqual({
        kind: 'retry',
        dueAt: NOW,
        front: true,
      });
    },
  );

  it('never counts agent-missed or canceled, even when the flag says it counts', () => {
    expect(countsAsAttempt('agent-missed', true)).toBe(false);
    expect(countsAsAttempt('canceled', true)).toBe(false);
    expect(
      decideRetry(input({ outcome: 'agent-missed', counts: true, countedAttempts: 99, uncountedAttempts: 1 }))
        .kind,
    ).toBe('retry');
  });

  it('waits the failed rule delay after a failure that did not count, and 60 s without a rule', () => {
    const failed = input({ outcome: 'failed', counts: false, countedAttempts: 3, uncountedAttempts: 1 });
    expect(decideRetry(failed)).toEqual({ kind: 'retry', dueAt: at(300), front: false });
    expect(decideRetry({ ...failed, rules: {} })).toEqual({ kind: 'retry', dueAt: at(60), front: false });
  });

  it('gives up after too many attempts that never reached the customer', () => {
    const missed = input({
      outcome: 'agent-missed',
      counts: false,
      uncountedAttempts: MAX_UNCOUNTED_ATTEMPTS,
    });
    expect(decideRetry(missed)).toEqual({ kind: 'final', disposition: 'exhausted' });
    expect(decideRetry({ ...missed, outcome: 'failed' })).toEqual({
      kind: 'final',
      disposition: 'exhausted',
    });
    expect(decideRetry({ ...missed, uncountedAttempts: MAX_UNCOUNTED_ATTEMPTS - 1 }).kind).toBe('retry');
  });

  it('calls back when the agent asked, even after a connected call or the last attempt', () => {
    const callbackAt = at(7200);
    expect(decideRetry(input({ outcome: 'connected', callbackAt }))).toEqual({
      kind: 'retry',
      dueAt: callbackAt,
      front: false,
    });
    expect(decideRetry(input({ outcome: 'busy', countedAttempts: 3, callbackAt }))).toEqual({
      kind: 'retry',
      dueAt: callbackAt,
      front: false,
    });
  });

  it('calls back now when the requested callback time has already passed', () => {
    expect(decideRetry(input({ outcome: 'connected', callbackAt: at(-60) }))).toEqual({
      kind: 'retry',
      dueAt: NOW,
      front: false,
    });
  });
});

const retryable = fc.constantFrom<'busy' | 'no-answer' | 'failed'>('busy', 'no-answer', 'failed');

const rule: fc.Arbitrary<RetryRule> = fc.record(
  {
    retryAfterSec: fc.integer({ min: 0, max: 86_400 }),
    backoffFactor: fc.double({ min: 1, max: 10, noNaN: true }),
    maxAttempts: fc.integer({ min: 1, max: MAX_ATTEMPTS_LIMIT }),
  },
  { requiredKeys: ['retryAfterSec', 'maxAttempts'] },
);

const rules: fc.Arbitrary<RetryRules> = fc.record(
  { busy: rule, 'no-answer': rule, failed: rule },
  { requiredKeys: [] },
);

interface AttemptResult {
  readonly outcome: CallOutcome;
  readonly counts: boolean;
}

/** Outcomes as the outcome mapping produces them: the flag matches the outcome. */
const attemptResult: fc.Arbitrary<AttemptResult> = fc.oneof(
  fc.record({ outcome: fc.constant<CallOutcome>('connected'), counts: fc.constant(true) }),
  fc.record({ outcome: retryable as fc.Arbitrary<CallOutcome>, counts: fc.constant(true) }),
  fc.record({
    outcome: fc.constantFrom<CallOutcome>('agent-missed', 'canceled'),
    counts: fc.constant(false),
  }),
  fc.record({ outcome: fc.constant<CallOutcome>('failed'), counts: fc.constant(false) }),
);

const instant = fc
  .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) })
  .map((ms) => new Date(ms).toISOString());

interface Run {
  readonly counted: number;
  readonly uncounted: number;
  readonly final?: RetryDecision;
}

/** Plays attempt results through the policy like the contact decider does, stopping at a final decision. */
function play(results: readonly AttemptResult[], ruleSet: RetryRules, now: string): Run {
  let counted = 0;
  let uncounted = 0;
  for (const result of results) {
    if (countsAsAttempt(result.outcome, result.counts)) counted += 1;
    else uncounted += 1;
    const decision = decideRetry({
      ...result,
      countedAttempts: counted,
      uncountedAttempts: uncounted,
      rules: ruleSet,
      now,
    });
    if (decision.kind === 'final') return { counted, uncounted, final: decision };
  }
  return { counted, uncounted };
}

describe('retry properties', () => {
  test.prop([fc.array(attemptResult, { maxLength: 40, size: 'max' }), rules, instant], { numRuns: 1000 })(
    'counted attempts never exceed maxAttempts (the largest of the rules), uncounted ones never exceed their cap',
    (results, ruleSet, now) => {
      const run = play(results, ruleSet, now);
      const largest = Math.max(0, ...Object.values(ruleSet).map((r) => r.maxAttempts));
      // the first attempt is always made, even when no rule would allow a retry
      expect(run.counted).toBeLessThanOrEqual(Math.max(1, largest));
      expect(run.uncounted).toBeLessThanOrEqual(MAX_UNCOUNTED_ATTEMPTS);
    },
  );

  test.prop([fc.array(attemptResult, { maxLength: 40, size: 'max' }), rule, instant], { numRuns: 1000 })(
    'with one rule for every outcome, a contact is dialled at most maxAttempts counted times',
    (results, oneRule, now) => {
      const run = play(results, { busy: oneRule, 'no-answer': oneRule, failed: oneRule }, now);
      expect(run.counted).toBeLessThanOrEqual(oneRule.maxAttempts);
      if (
        run.final?.kind === 'final' &&
        run.final.disposition === 'exhausted' &&
        run.uncounted < MAX_UNCOUNTED_ATTEMPTS
      ) {
        expect(run.counted).toBe(oneRule.maxAttempts);
      }
    },
  );

  test.prop(
    [
      fc.array(attemptResult, { maxLength: 30, size: 'max' }),
      fc.array(fc.tuple(fc.nat(30), fc.constantFrom<CallOutcome>('agent-missed', 'canceled')), {
        maxLength: MAX_UNCOUNTED_ATTEMPTS - 1,
      }),
      rules,
      instant,
    ],
    { numRuns: 1000 },
  )(
    'agent-missed and canceled never consume an attempt: inserting them changes neither the counted attempts nor the end',
    (results, inserts, ruleSet, now) => {
      const countedOnly = results.filter((r) => r.counts);
      const withMisses: AttemptResult[] = [...countedOnly];
      for (const [position, outcome] of inserts)
        withMisses.splice(position % (withMisses.length + 1), 0, { outcome, counts: false });
      const plain = play(countedOnly, ruleSet, now);
      const mixed = play(withMisses, ruleSet, now);
      expect(mixed.counted).toBe(plain.counted);
      expect(mixed.final).toEqual(plain.final);
    },
  );

  test.prop(
    [
      attemptResult,
      fc.integer({ min: 0, max: 12 }),
      fc.integer({ min: 0, max: 12 }),
      rules,
      instant,
      fc.option(instant, { nil: undefined }),
    ],
    { numRuns: 1000 },
  )(
    'a retry is never due before now, and the same input always gives the same decision',
    (result, counted, uncounted, ruleSet, now, callbackAt) => {
      const retryInput: RetryInput = {
        ...result,
        countedAttempts: counted,
        uncountedAttempts: uncounted,
        rules: ruleSet,
        now,
        callbackAt,
      };
      const decision = decideRetry(retryInput);
      if (decision.kind === 'retry') expect(toMs(decision.dueAt)).toBeGreaterThanOrEqual(toMs(now));
      expect(decideRetry(structuredClone(retryInput))).toEqual(decision);
    },
  );
});
