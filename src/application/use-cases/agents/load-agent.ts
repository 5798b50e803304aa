import { agentDecider } from '../../../domain/agent/agent.decider.js';
import type { AgentEvent } from '../../../domain/agent/agent.events.js';
import type { AgentState } from '../../../domain/agent/agent.state.js';
import { DomainError } from '../../../domain/shared/domain-error.js';
import { streamOf } from '../../events/streams.js';
import type { EventStore } from '../../ports/event-store.port.js';
import { loadStream } from '../shared/load-stream.js';

export type RegisteredAgent = Exclude<AgentState, { status: 'unregistered' }>;

export interface LoadedAgent {
  readonly state: RegisteredAgent;
  /** The attempt the agent was last reserved for, even when that call is over. */
  readonly lastAttempt?: {
    readonly attemptId: string;
    readonly contactId: string;
    readonly campaignId: string;
  };
}

/** The agent as its stream tells it; `agent.not-found` (404) when not registered. */
export async function loadAgent(store: EventStore, agentId: string): Promise<LoadedAgent> {
  let lastAttempt: LoadedAgent['lastAttempt'];
  const track = (_stored: unknown, event: AgentEvent) => {
    if (event.type === 'AgentReserved')
      lastAttempt = {
        attemptId: event.data.attemptId,
        contactId: event.data.contactId,
        campaignId: event.data.campaignId,
      };
  };
  const { state } = await loadStream(store, agentDecider, streamOf.agent(agentId), undefined, track);
  if (state.status === 'unregistered')
    throw new DomainError('agent.not-found', `agent ${agentId} is not registered`);
  return lastAttempt === undefined ? { state } : { state, lastAttempt };
}

/** Every agent must be registered: `agent.not-found` (404) names the first that is not. */
export async function requireAgents(store: EventStore, agentIds: readonly string[]): Promise<void> {
  for (const agentId of new Set(agentIds)) await loadAgent(store, agentId);
}
