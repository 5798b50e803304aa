import { occupancyBound } from '../../application/simulation/occupancy-bound.js';
import type { PlayedCall } from '../../application/simulation/simulation.ports.js';
import { planCall } from '../telephony/sandbox/call-plan.js';
import { mulberry32 } from '../telephony/sandbox/prng.js';
import type { SandboxProfile } from '../telephony/sandbox/sandbox.profile.js';

export interface BoundInputs {
  readonly ringTimeoutSec: number;
  readonly maxCallDurationSec: number;
  readonly wrapUpSec: number;
  readonly readyDelaySec: number;
}

const DRAWS = 200_000;
const BOUND_SEED = 0x5eed;

/** The occupancy bound the profile itself sets: its expectation, over many calls drawn from its model. */
export function profileOccupancyBound(profile: SandboxProfile, inputs: BoundInputs, draws = DRAWS): number {
  const random = mulberry32(BOUND_SEED);
  const limits = { ringTimeoutSec: inputs.ringTimeoutSec, timeLimitSec: inputs.maxCallDurationSec };
  const calls = function* (): Generator<PlayedCall> {
    for (let n = 0; n < draws; n += 1) {
      const plan = planCall(profile, random, limits, false);
      const answered = plan.outcome !== 'agent-missed';
      yield {
        agentPhone: '',
        placedAtMs: 0,
        outcome: plan.outcome,
        agentRingSec: plan.agent.afterSec,
        customerRingSec: answered ? plan.customer.afterSec : 0,
        talkSec: plan.outcome === 'connected' ? plan.talkSec : 0,
      };
    }
  };
  return occupancyBound(calls(), { wrapUpSec: inputs.wrapUpSec, readyDelaySec: inputs.readyDelaySec });
}
