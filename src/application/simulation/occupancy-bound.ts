import type { PlayedCall } from './simulation.ports.js';

export interface CycleTimes {
  readonly wrapUpSec: number;
  /** How long a missed call keeps the agent paused before the supervisor readies them. */
  readonly readyDelaySec: number;
}

/** An agent's cycle for one call: work (customer ring, talk, wrap-up) and the whole cycle, in seconds. */
export function callCycle(call: PlayedCall, times: CycleTimes): { work: number; cycle: number } {
  if (call.outcome === 'agent-missed') return { work: 0, cycle: call.agentRingSec + times.readyDelaySec };
  const work = call.customerRingSec + call.talkSec + times.wrapUpSec;
  return { work, cycle: call.agentRingSec + work };
}

/**
 * The best occupancy these calls allow: if every agent were dialled again the instant they became free, the
 * share of time at work would be total work over total cycle time. Ring, talk and wrap-up times alone set it.
 */
export function occupancyBound(calls: Iterable<PlayedCall>, times: CycleTimes): number {
  let work = 0;
  let cycle = 0;
  for (const call of calls) {
    const one = callCycle(call, times);
    work += one.work;
    cycle += one.cycle;
  }
  return cycle === 0 ? 0 : work / cycle;
}
