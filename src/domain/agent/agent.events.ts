import type { DomainEvent } from '../shared/decider.js';
import type { Instant } from '../shared/time.js';

interface Base {
  readonly agentId: string;
  readonly at: Instant;
}
interface OfAttempt extends Base {
  readonly attemptId: string;
}

export type AgentRegistered = DomainEvent<'AgentRegistered', Base & { readonly name: string; readonly phone: string; readonly ccmUserId?: string }>;
export type AgentBecameAvailable = DomainEvent<'AgentBecameAvailable', Base>;
export type AgentPaused = DomainEvent<'AgentPaused', Base & { readonly reason: string }>;
export type AgentLoggedOut = DomainEvent<'AgentLoggedOut', Base>;
/** Pause or logout asked for while busy: takes effect when the call (and its wrap-up) is over. */
export type AgentAfterCallRequested = DomainEvent<'AgentAfterCallRequested', Base & { readonly action: 'pause' | 'logout'; readonly reason?: string }>;
export type AgentReserved = DomainEvent<'AgentReserved', OfAttempt & { readonly contactId: string; readonly campaignId: string }>;
export type AgentConnected = DomainEvent<'AgentConnected', OfAttempt>;
export type AgentWrapUpStarted = DomainEvent<'AgentWrapUpStarted', OfAttempt & { readonly until: Instant }>;
export type AgentReservationReleased = DomainEvent<'AgentReservationReleased', OfAttempt & { readonly reason: string }>;
export type AgentMissedCall = DomainEvent<'AgentMissedCall', OfAttempt>;

export type AgentEvent =
  | AgentRegistered
  | AgentBecameAvailable
  | AgentPaused
  | AgentLoggedOut
  | AgentAfterCallRequested
  | AgentReserved
  | AgentConnected
  | AgentWrapUpStarted
  | AgentReservationReleased
  | AgentMissedCall;

export const AGENT_EVENT_TYPES = [
  'AgentRegistered',
  'AgentBecameAvailable',
  'AgentPaused',
  'AgentLoggedOut',
  'AgentAfterCallRequested',
  'AgentReserved',
  'AgentConnected',
  'AgentWrapUpStarted',
  'AgentReservationReleased',
  'AgentMissedCall',
] as const satisfies readonly AgentEvent['type'][];

export const MISSED_CALL_REASON = 'missed-call';
