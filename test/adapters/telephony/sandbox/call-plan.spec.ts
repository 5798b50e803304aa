import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { planCall } from '../../../../src/adapters/telephony/sandbox/call-plan.js';
import { mulberry32, pickWeighted } from '../../../../src/adapters/telephony/sandbox/prng.js';
import { DEFAULT_PROFILE } from '../../../../src/adapters/telephony/sandbox/sandbox.profile.js';
import { scriptedProfile } from '../support/test-profiles.js';

const limits = { ringTimeoutSec: 30, timeLimitSec: 600 };

describe('the seeded draws', () => {
  it('mulberry32 gives the same sequence for the same seed, in [0, 1)', () => {
    const first = Array.from({ length: 1000 }, mulberry32(42));
    expect(Array.from({ length: 1000 }, mulberry32(42))).toEqual(first);
    expect(Array.from({ length: 1000 }, mulberry32(43))).not.toEqual(first);
    expect(first.every((value) => value >= 0 && value < 1)).toBe(true);
  });

  it('never picks an outcome of weight 0, and picks by weight', () => {
    const random = mulberry32(7);
    const picks = Array.from({ length: 10_000 }, () => pickWeighted(random, { a: 3, b: 1, never: 0 }));
    expect(picks).not.toContain('never');
    const shareOfA = picks.filter((pick) => pick === 'a').length / picks.length;
    expect(shareOfA).toBeGreaterThan(0.72);
    expect(shareOfA).toBeLessThan(0.78);
  });
});

describe('planCall', () => {
  it('a seed gives the same plans in the same order', () => {
    const plans = (seed: number) => {
      const random = mulberry32(seed);
      return Array.from({ length: 200 }, () => planCall(DEFAULT_PROFILE, random, limits, false));
    };
    expect(plans(2025)).toEqual(plans(2025));
    expect(plans(2025).map((plan) => plan.outcome)).not.toEqual(plans(2026).map((plan) => plan.outcome));
  });

  it('rings the customer only after the agent answered, each leg at most the ring timeout', () => {
    fc.assert(
      fc.property(fc.integer(), fc.boolean(), (seed, agentOnCall) => {
        const plan = planCall(DEFAULT_PROFILE, mulberry32(seed), limits, agentOnCall);
        expect(plan.agent.afterSec).toBeLessThanOrEqual(limits.ringTimeoutSec);
        if (plan.outcome === 'agent-missed') {
          expect('customer' in plan).toBe(false);
          return;
        }
        expect(plan.agent.result).toBe('answered');
        expect(plan.customer.afterSec).toBeLessThanOrEqual(limits.ringTimeoutSec);
        if (plan.outcome === 'connected') expect(plan.talkSec).toBeLessThanOrEqual(limits.timeLimitSec);
        else expect(plan.customer.result).toBe(plan.outcome);
      }),
      { numRuns: 500 },
    );
  });

  it('an agent already on a call answers busy', () => {
    expect(planCall(scriptedProfile(), mulberry32(1), limits, true)).toEqual({
      outcome: 'agent-missed',
      agent: { result: 'busy', afterSec: 2 },
    });
  });

  it('a ring time beyond the timeout is a no-answer at the timeout', () => {
    const plan = planCall(scriptedProfile({ customerRingSec: 45 }), mulberry32(1), limits, false);
    expect(plan).toMatchObject({ outcome: 'no-answer', customer: { result: 'no-answer', afterSec: 30 } });
  });

  it('caps the conversation at the time limit', () => {
    const plan = planCall(scriptedProfile({ talkSec: 5000 }), mulberry32(1), limits, false);
    expect(plan).toMatchObject({ outcome: 'connected', talkSec: 600 });
  });
});
