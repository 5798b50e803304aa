import type { Instant } from '../shared/time.js';

export interface AgentFacts {
  readonly agentId: string;
  readonly name: string;
  readonly phone: string;
  readonly ccmUserId?: string;
  /** When the current state began. */
  readonly since: Instant;
}

export type AfterCall = { readonly action: 'pause'; readonly reason: string } | { readonly action: 'logout' };

export interface AgentWork {
  readonly attemptId: string;
  readonly contactId: string;
  readonly campaignId: string;
  /** Idle-since before the reservation: a released reservation keeps the agent's place in line. */
  readonly idleSince: Instant;
  readonly afterCall?: AfterCall;
}

export type AgentState =
  | { readonly status: 'unregistered' }
  | (AgentFacts & { readonly status: 'offline' })
  | (AgentFacts & { readonly status: 'available'; readonly idleSince: Instant })
  | (AgentFacts & { readonly status: 'paused'; readonly reason: string })
  | (AgentFacts & AgentWork & { readonly status: 'reserved' | 'on-call' })
  | (AgentFacts & AgentWork & { readonly status: 'wrap-up'; readonly until: Instant });

export const initialAgentState: AgentState = { status: 'unregistered' };

export type AgentStatus = AgentState['status'];
