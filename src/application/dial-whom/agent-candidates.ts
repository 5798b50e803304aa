import { compareAgents } from '../../domain/dialing/pairing.policy.js';
import type { DialerIndex } from '../dialer/dialer-index.js';
import { routesOf, type CallerRoute, type InboundCaller } from './inbound-caller.js';

/** An available agent and what the reservation would be for. */
export interface AgentCandidate extends CallerRoute {
  readonly agentId: string;
  readonly phone: string;
  readonly sticky: boolean;
}

/**
 * Available agents for a caller, best first: the agent who last talked to them (when available), then every
 * available agent of the caller's campaigns (or, for an unknown caller, of any running campaign), longest idle
 * first. An agent in several of those campaigns is offered for the first one. In-memory only: O(agents).
 */
export function rankCandidates(
  index: DialerIndex,
  caller: InboundCaller,
  exclude: ReadonlySet<string>,
): AgentCandidate[] {
  const seen = new Set<string>();
  const sticky: AgentCandidate[] = [];
  for (const { contactId, campaignId } of caller.contacts) {
    const agentId = index.lastTalkedAgent.get(contactId);
    const agent =
      agentId === undefined || seen.has(agentId) || exclude.has(agentId)
        ? undefined
        : availableAgent(index, agentId);
    if (agent === undefined) continue;
    seen.add(agent.agentId);
    sticky.push({ agentId: agent.agentId, phone: agent.phone, campaignId, contactId, sticky: true });
  }
  const pool: (AgentCandidate & { idleSinceMs: number })[] = [];
  for (const route of routesOf(index, caller)) {
    const campaign = index.campaigns.get(route.campaignId)?.state;
    if (campaign === undefined || campaign.status === 'none') continue;
    for (const agentId of campaign.agentIds) {
      if (seen.has(agentId) || exclude.has(agentId)) continue;
      const agent = availableAgent(index, agentId);
      if (agent === undefined) continue;
      seen.add(agentId);
      pool.push({ ...agent, ...route, sticky: false });
    }
  }
  pool.sort(compareAgents);
  return [...sticky, ...pool.map(withoutIdle)];
}

function availableAgent(
  index: DialerIndex,
  agentId: string,
): { agentId: string; phone: string; idleSinceMs: number } | undefined {
  const state = index.agents.get(agentId)?.state;
  return state?.status === 'available'
    ? { agentId, phone: state.phone, idleSinceMs: Date.parse(state.idleSince) }
    : undefined;
}

function withoutIdle({
  agentId,
  phone,
  campaignId,
  contactId,
  sticky,
}: AgentCandidate & { idleSinceMs: number }): AgentCandidate {
  return { agentId, phone, campaignId, contactId, sticky };
}
