import type { SandboxCall } from './sandbox-call.js';

/**
 * Pairs of calls that had the same agent number on the line at the same time (from the agent leg's ring start to
 * the call's end; a call still going on counts until `now`). Empty when no agent was ever booked twice.
 */
export function findAgentOverlaps(
  calls: readonly SandboxCall[],
  now: number,
): Array<readonly [SandboxCall, SandboxCall]> {
  const byAgent = new Map<string, SandboxCall[]>();
  for (const call of calls) {
    const agentCalls = byAgent.get(call.agentNumber);
    if (agentCalls) agentCalls.push(call);
    else byAgent.set(call.agentNumber, [call]);
  }
  const overlaps: Array<readonly [SandboxCall, SandboxCall]> = [];
  for (const agentCalls of byAgent.values()) {
    const sorted = [...agentCalls].sort((a, b) => a.createdAt - b.createdAt);
    let latest: SandboxCall | undefined;
    for (const call of sorted) {
      if (latest !== undefined && call.createdAt < (latest.endedAt ?? now)) overlaps.push([latest, call]);
      if (latest === undefined || (call.endedAt ?? now) > (latest.endedAt ?? now)) latest = call;
    }
  }
  return overlaps;
}
