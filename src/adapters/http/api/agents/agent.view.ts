import type { PresenceRow } from '../../../../application/projections/presence.projection.js';
import type { RegisteredAgent } from '../../../../application/use-cases/agents/load-agent.js';
import type { AgentResponse } from './agent.response.js';

export function agentViewOfRow(row: PresenceRow): AgentResponse {
  const { agentId, wrapUpUntil, ...rest } = row;
  return {
    id: agentId,
    ...rest,
    ...(wrapUpUntil === undefined ? {} : { wrapUpUntil }),
    campaigns: [...row.campaigns],
  };
}

/** From the agent's own stream (exact right after a write), with the campaigns from the presence read model. */
export function agentViewOfState(state: RegisteredAgent, campaigns: readonly string[]): AgentResponse {
  const base = {
    id: state.agentId,
    name: state.name,
    phone: state.phone,
    ...(state.ccmUserId === undefined ? {} : { ccmUserId: state.ccmUserId }),
    status: state.status,
    since: state.since,
    campaigns: [...campaigns],
  };
  switch (state.status) {
    case 'offline':
      return base;
    case 'available':
      return { ...base, idleSince: state.idleSince };
    case 'paused':
      return { ...base, reason: state.reason };
    case 'reserved':
    case 'on-call':
    case 'wrap-up': {
      const work = {
        attemptId: state.attemptId,
        contactId: state.contactId,
        campaignId: state.campaignId,
        idleSince: state.idleSince,
        ...(state.afterCall === undefined ? {} : { afterCall: state.afterCall.action }),
      };
      return { ...base, ...work, ...(state.status === 'wrap-up' ? { wrapUpUntil: state.until } : {}) };
    }
  }
}
