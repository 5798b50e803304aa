import { sampleSeconds } from './distribution.js';
import { pickWeighted, type Random } from './prng.js';
import type { SandboxProfile } from './sandbox.profile.js';

export type AgentMiss = 'busy' | 'no-answer' | 'failed';
export type CustomerMiss = 'busy' | 'no-answer' | 'failed' | 'canceled';

interface LegEnd<Result> {
  readonly result: Result;
  /** Seconds of ringing until the leg answered or ended. */
  readonly afterSec: number;
}

/**
 * How one call will play out, decided when it is placed. The customer is rung only once the agent answered, so
 * the customer's `afterSec` counts from the agent's answer.
 */
export type CallPlan =
  | { readonly outcome: 'agent-missed'; readonly agent: LegEnd<AgentMiss> }
  | {
      readonly outcome: CustomerMiss;
      readonly agent: LegEnd<'answered'>;
      readonly customer: LegEnd<CustomerMiss>;
    }
  | {
      readonly outcome: 'connected';
      readonly agent: LegEnd<'answered'>;
      readonly customer: LegEnd<'answered'>;
      readonly talkSec: number;
    };

export type AnsweredCallPlan = Exclude<CallPlan, { outcome: 'agent-missed' }>;

export interface CallLimits {
  /** TimeOut: ring time per leg. */
  readonly ringTimeoutSec: number;
  /** TimeLimit: longest conversation. */
  readonly timeLimitSec: number;
}

/**
 * Draws a call's fate. Every call consumes the same draws whatever happens to it, so a seed gives the same
 * outcomes in the same order even when an earlier call took another branch.
 */
export function planCall(
  profile: SandboxProfile,
  random: Random,
  limits: CallLimits,
  agentAlreadyOnCall: boolean,
): CallPlan {
  const { customer } = profile;
  const agentPick = pickWeighted(random, {
    answered: profile.agent.answer,
    busy: profile.agent.busy,
    'no-answer': profile.agent.noAnswer,
    failed: profile.agent.failed,
  });
  const agentRingSec = sampleSeconds(profile.agent.ringTime, random);
  const customerPick = pickWeighted(random, {
    answered: customer.answer,
    busy: customer.busy,
    'no-answer': customer.noAnswer,
    failed: customer.failed,
    canceled: customer.canceled ?? 0,
  });
  const customerRingSec = sampleSeconds(customer.ringTime, random);
  const talkSec = Math.min(sampleSeconds(profile.talkTime, random), limits.timeLimitSec);

  // v1 rings an agent who is already talking: the phone answers busy
  const agent = legEnd(agentAlreadyOnCall ? 'busy' : agentPick, agentRingSec, limits.ringTimeoutSec);
  if (agent.result !== 'answered')
    return { outcome: 'agent-missed', agent: { result: agent.result, afterSec: agent.afterSec } };
  const answeredAgent = { result: 'answered' as const, afterSec: agent.afterSec };
  const customerLeg = legEnd(customerPick, customerRingSec, limits.ringTimeoutSec);
  if (customerLeg.result !== 'answered') {
    const customerMiss = { result: customerLeg.result, afterSec: customerLeg.afterSec };
    return { outcome: customerLeg.result, agent: answeredAgent, customer: customerMiss };
  }
  return {
    outcome: 'connected',
    agent: answeredAgent,
    customer: { result: 'answered', afterSec: customerLeg.afterSec },
    talkSec,
  };
}

/** A draw beyond the ring timeout is a no-answer at the timeout. */
function legEnd<Result extends string>(
  result: Result,
  ringSec: number,
  ringTimeoutSec: number,
): LegEnd<Result | 'no-answer'> {
  if (result === 'no-answer' || ringSec >= ringTimeoutSec)
    return { result: 'no-answer', afterSec: ringTimeoutSec };
  return { result, afterSec: ringSec };
}
