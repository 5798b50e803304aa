import type { Decider } from '../shared/decider.js';
import { DomainError, assertNever } from '../shared/domain-error.js';
import { extend } from '../shared/extend.js';
import { addSeconds, type Instant } from '../shared/time.js';
import { guardReason, guardRegistration, guardWrapUpSec } from './agent-guards.js';
import type { AgentCommand } from './agent.commands.js';
import { MISSED_CALL_REASON, type AgentEvent } from './agent.events.js';
import { initialAgentState, type AfterCall, type AgentFacts, type AgentState, type AgentWork } from './agent.state.js';

type Registered = Exclude<AgentState, { status: 'unregistered' }>;
type Working = Extract<AgentState, { attemptId: string }>;

function registered(state: AgentState): Registered {
  if (state.status === 'unregistered') throw new DomainError('agent.not-found', 'agent is not registered');
  return state;
}

/** The reservation or call with this id; anything else is a stale or duplicate signal and changes nothing. */
function workingOn(state: AgentState, attemptId: string, ...statuses: Working['status'][]): Working | undefined {
  return 'attemptId' in state && state.attemptId === attemptId && statuses.includes(state.status) ? state : undefined;
}

const isBusy = (state: Registered): state is Extract<Working, { status: 'reserved' | 'on-call' }> =>
  state.status === 'reserved' || state.status === 'on-call';

function afterCallEvents(afterCall: AfterCall | undefined, agentId: string, at: Instant): AgentEvent[] {
  if (afterCall === undefined) return [{ type: 'AgentBecameAvailable', data: { agentId, at } }];
  if (afterCall.action === 'logout') return [{ type: 'AgentLoggedOut', data: { agentId, at } }];
  return [{ type: 'AgentPaused', data: { agentId, reason: afterCall.reason, at } }];
}

export function decideAgent(command: AgentCommand, state: AgentState): AgentEvent[] {
  const { agentId, at } = command;
  switch (command.type) {
    case 'RegisterAgent': {
      if (state.status !== 'unregistered') throw new DomainError('agent.already-registered', 'agent is already registered');
      const { name, phone } = guardRegistration(command);
      const ccm = command.ccmUserId === undefined ? {} : { ccmUserId: command.ccmUserId };
      return [{ type: 'AgentRegistered', data: { agentId, name, phone, ...ccm, at } }];
    }
    case 'MakeAgentAvailable': {
      const current = registered(state);
      if (current.status === 'available') return [];
      if (isBusy(current)) throw new DomainError('agent.busy', `agent is ${current.status}`);
      return [{ type: 'AgentBecameAvailable', data: { agentId, at } }];
    }
    case 'PauseAgent': {
      const reason = guardReason(command.reason);
      const current = registered(state);
      if (current.status === 'offline') throw new DomainError('agent.offline', 'agent is logged out; make them ready first');
      if (current.status === 'paused' && current.reason === reason) return [];
      if (isBusy(current)) {
        if (current.afterCall?.action === 'pause' && current.afterCall.reason === reason) return [];
        return [{ type: 'AgentAfterCallRequested', data: { agentId, action: 'pause', reason, at } }];
      }
      return [{ type: 'AgentPaused', data: { agentId, reason, at } }];
    }
    case 'LogoutAgent': {
      const current = registered(state);
      if (current.status === 'offline') return [];
      if (isBusy(current)) {
        if (current.afterCall?.action === 'logout') return [];
        return [{ type: 'AgentAfterCallRequested', data: { agentId, action: 'logout', at } }];
      }
      return [{ type: 'AgentLoggedOut', data: { agentId, at } }];
    }
    case 'ReserveAgent': {
      const current = registered(state);
      if (current.status !== 'available') throw new DomainError('agent.not-available', `agent is ${current.status}`);
      const { attemptId, contactId, campaignId } = command;
      return [{ type: 'AgentReserved', data: { agentId, attemptId, contactId, campaignId, at } }];
    }
    case 'ReleaseReservation': {
      const work = workingOn(state, command.attemptId, 'reserved');
      if (work === undefined) return [];
      const released: AgentEvent = { type: 'AgentReservationReleased', data: { agentId, attemptId: command.attemptId, reason: command.reason, at } };
      return work.afterCall === undefined ? [released] : [released, ...afterCallEvents(work.afterCall, agentId, at)];
    }
    case 'ConnectAgent':
      return workingOn(state, command.attemptId, 'reserved') ? [{ type: 'AgentConnected', data: { agentId, attemptId: command.attemptId, at } }] : [];
    case 'StartWrapUp': {
      guardWrapUpSec(command.wrapUpSec);
      if (!workingOn(state, command.attemptId, 'reserved', 'on-call')) return [];
      const until = addSeconds(at, command.wrapUpSec);
      return [{ type: 'AgentWrapUpStarted', data: { agentId, attemptId: command.attemptId, until, at } }];
    }
    case 'EndWrapUp': {
      const work = workingOn(state, command.attemptId, 'wrap-up');
      return work === undefined ? [] : afterCallEvents(work.afterCall, agentId, at);
    }
    case 'RecordMissedCall': {
      const work = workingOn(state, command.attemptId, 'reserved', 'on-call');
      if (work === undefined) return [];
      const missed: AgentEvent = { type: 'AgentMissedCall', data: { agentId, attemptId: command.attemptId, at } };
      const then: AfterCall = work.afterCall?.action === 'logout' ? work.afterCall : { action: 'pause', reason: MISSED_CALL_REASON };
      return [missed, ...afterCallEvents(then, agentId, at)];
    }
    default:
      return assertNever(command);
  }
}

// Both build fresh literals (no spread) for `extend`: evolveAgent runs on every agent event the dialer reads.
function facts(state: Registered, since: Instant): AgentFacts {
  const { agentId, name, phone, ccmUserId } = state;
  return ccmUserId === undefined ? { agentId, name, phone, since } : { agentId, name, phone, ccmUserId, since };
}

function work(state: Working): AgentWork {
  const { attemptId, contactId, campaignId, idleSince, afterCall } = state;
  return afterCall === undefined ? { attemptId, contactId, campaignId, idleSince } : { attemptId, contactId, campaignId, idleSince, afterCall };
}

export function evolveAgent(state: AgentState, event: AgentEvent): AgentState {
  if (event.type === 'AgentRegistered') {
    if (state.status !== 'unregistered') return state;
    const { agentId, name, phone, ccmUserId, at } = event.data;
    return { status: 'offline', agentId, name, phone, ...(ccmUserId === undefined ? {} : { ccmUserId }), since: at };
  }
  if (state.status === 'unregistered') return state;
  const at = event.data.at;
  switch (event.type) {
    case 'AgentBecameAvailable':
      return extend(facts(state, at), { status: 'available' as const, idleSince: at });
    case 'AgentPaused':
      return extend(facts(state, at), { status: 'paused' as const, reason: event.data.reason });
    case 'AgentLoggedOut':
      return extend(facts(state, at), { status: 'offline' as const });
    case 'AgentAfterCallRequested': {
      if (!('attemptId' in state)) return state;
      const afterCall: AfterCall = event.data.action === 'logout' ? { action: 'logout' } : { action: 'pause', reason: event.data.reason ?? 'after-call' };
      return { ...state, afterCall };
    }
    case 'AgentReserved': {
      if (state.status !== 'available') return state;
      const { attemptId, contactId, campaignId } = event.data;
      return extend(facts(state, at), { status: 'reserved' as const, attemptId, contactId, campaignId, idleSince: state.idleSince });
    }
    case 'AgentConnected':
      return state.status === 'reserved' && state.attemptId === event.data.attemptId ? extend(facts(state, at), work(state), { status: 'on-call' as const }) : state;
    case 'AgentWrapUpStarted':
      return (state.status === 'reserved' || state.status === 'on-call') && state.attemptId === event.data.attemptId
        ? extend(facts(state, at), work(state), { status: 'wrap-up' as const, until: event.data.until })
        : state;
    case 'AgentReservationReleased':
      return state.status === 'reserved' && state.attemptId === event.data.attemptId
        ? extend(facts(state, at), { status: 'available' as const, idleSince: state.idleSince })
        : state;
    case 'AgentMissedCall':
      return state;
    default:
      return assertNever(event);
  }
}

export const agentDecider: Decider<AgentCommand, AgentEvent, AgentState> = {
  initialState: initialAgentState,
  decide: decideAgent,
  evolve: evolveAgent,
};
