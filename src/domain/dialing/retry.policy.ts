import { DomainError } from '../shared/domain-error.js';
import { toInstant, toMs, type Instant } from '../shared/time.js';
import { type CallOutcome } from './outcome.mapping.js';

export interface RetryRule {
  readonly retryAfterSec: number;
  /** Each further counted attempt waits this many times longer than the previous one (default 1). */
  readonly backoffFactor?: number;
  readonly maxAttempts: number;
}

export type RetryableOutcome = 'busy' | 'no-answer' | 'failed';

export type RetryRules = Readonly<Partial<Record<RetryableOutcome, RetryRule>>>;

export const RETRYABLE_OUTCOMES: readonly RetryableOutcome[] = ['busy', 'no-answer', 'failed'];

export const DEFAULT_RETRY_RULES: RetryRules = {
  busy: { retryAfterSec: 300, maxAttempts: 3 },
  'no-answer': { retryAfterSec: 300, maxAttempts: 3 },
  failed: { retryAfterSec: 300, maxAttempts: 3 },
};

export const MAX_ATTEMPTS_LIMIT = 10;
/** Attempts that never reached the customer (agent missed or canceled, no dial) are capped too. */
export const MAX_UNCOUNTED_ATTEMPTS = 10;
export const MAX_BACKOFF_FACTOR = 10;
/** The wait after a failure that did not count, when the campaign has no `failed` rule. */
export const UNCOUNTED_FAILURE_RETRY_SEC = 60;
/** A backoff never waits longer than this, so a steep factor cannot push `dueAt` past any real date. */
export const MAX_RETRY_DELAY_SEC = 366 * 24 * 3600;

export function validateRetryRules(rules: RetryRules): void {
  for (const [outcome, rule] of Object.entries(rules)) {
    if (!isRetryableOutcome(outcome)) {
      throw invalidRetry(
        `no retry rule exists for outcome "${outcome}" (only ${RETRYABLE_OUTCOMES.join(', ')})`,
        `retry.${outcome}`,
      );
    }
    if (rule !== undefined) validateRule(outcome, rule);
  }
}

function validateRule(outcome: RetryableOutcome, rule: RetryRule): void {
  const field = (name: keyof RetryRule) => `retry.${outcome}.${name}`;
  if (!isFiniteNumber(rule.retryAfterSec) || rule.retryAfterSec < 0) {
    throw invalidRetry(`retryAfterSec must be a finite number of seconds, 0 or more`, field('retryAfterSec'));
  }
  const factor = rule.backoffFactor;
  if (factor !== undefined && (!isFiniteNumber(factor) || factor < 1 || factor > MAX_BACKOFF_FACTOR)) {
    throw invalidRetry(
      `backoffFactor must be a number from 1 to ${MAX_BACKOFF_FACTOR}`,
      field('backoffFactor'),
    );
  }
  if (!Number.isInteger(rule.maxAttempts) || rule.maxAttempts < 1 || rule.maxAttempts > MAX_ATTEMPTS_LIMIT) {
    throw invalidRetry(
      `maxAttempts must be a whole number from 1, at most ${MAX_ATTEMPTS_LIMIT} attempts`,
      field('maxAttempts'),
    );
  }
}

export type RetryDecision =
  | { readonly kind: 'retry'; readonly dueAt: Instant; readonly front: boolean }
  | { readonly kind: 'final'; readonly disposition: 'reached' | 'exhausted' };

export interface RetryInput {
  readonly outcome: CallOutcome;
  readonly counts: boolean;
  /** Counted attempts, including this one. */
  readonly countedAttempts: number;
  /** Uncounted attempts, including this one. */
  readonly uncountedAttempts: number;
  readonly rules: RetryRules;
  readonly now: Instant;
  /** A callback time the agent asked for in the disposition. */
  readonly callbackAt?: Instant;
}

/**
 * Whether an attempt with this outcome counts against `maxAttempts`. The customer leg must have been dialled:
 * agent-missed and canceled never count, whatever the flag says.
 */
export function countsAsAttempt(outcome: CallOutcome, counts: boolean): boolean {
  return counts && outcome !== 'agent-missed' && outcome !== 'canceled';
}

export function decideRetry(input: RetryInput): RetryDecision {
  const { outcome, rules, now, callbackAt } = input;
  if (callbackAt !== undefined) return retryAt(Math.max(toMs(callbackAt), toMs(now)), false);
  if (outcome === 'connected') return final('reached');
  const uncountedCapReached = input.uncountedAttempts >= MAX_UNCOUNTED_ATTEMPTS;
  if (outcome === 'agent-missed' || outcome === 'canceled') {
    // the customer was never on the line: back to the front of the queue for the next free agent
    return uncountedCapReached ? final('exhausted') : retryAt(toMs(now), true);
  }
  if (!input.counts) {
    if (uncountedCapReached) return final('exhausted');
    // the provider never reached the customer (it did not dial): wait the rule's base delay, spend no attempt
    const delaySec = rules[outcome]?.retryAfterSec ?? UNCOUNTED_FAILURE_RETRY_SEC;
    return retryAt(toMs(now) + Math.min(delaySec, MAX_RETRY_DELAY_SEC) * 1000, false);
  }
  const rule = rules[outcome];
  if (rule === undefined || input.countedAttempts >= rule.maxAttempts) return final('exhausted');
  return retryAt(toMs(now) + backoffDelaySec(rule, input.countedAttempts) * 1000, false);
}

function backoffDelaySec(rule: RetryRule, countedAttempts: number): number {
  const exponent = Math.max(0, countedAttempts - 1);
  return Math.min(rule.retryAfterSec * (rule.backoffFactor ?? 1) ** exponent, MAX_RETRY_DELAY_SEC);
}

function retryAt(ms: number, front: boolean): RetryDecision {
  return { kind: 'retry', dueAt: toInstant(Math.round(ms)), front };
}

function final(disposition: 'reached' | 'exhausted'): RetryDecision {
  return { kind: 'final', disposition };
}

function isRetryableOutcome(outcome: string): outcome is RetryableOutcome {
  return (RETRYABLE_OUTCOMES as readonly string[]).includes(outcome);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function invalidRetry(message: string, field: string): DomainError {
  return new DomainError('campaign.invalid-retry', message, field);
}
