import type { CallOutcome } from '../dialing/outcome.mapping.js';
import { decideRetry } from '../dialing/retry.policy.js';
import type { Decider } from '../shared/decider.js';
import { DomainError, assertNever } from '../shared/domain-error.js';
import { extend } from '../shared/extend.js';
import { toMs, type Instant } from '../shared/time.js';
import { DO_NOT_CALL_CODE, guardDisposition, guardNewContact } from './contact-guards.js';
import type { ContactCommand } from './contact.commands.js';
import type { ContactEvent } from './contact.events.js';
import { initialContactState, type ContactFacts, type ContactState, type OpenAttempt } from './contact.state.js';

type Existing = Exclude<ContactState, { status: 'none' }>;
type Command<T extends ContactCommand['type']> = Extract<ContactCommand, { type: T }>;
type WithAttempt = Extract<ContactState, { attempt: OpenAttempt }>;

function existing(state: ContactState): Existing {
  if (state.status === 'none') throw new DomainError('contact.not-found', 'contact does not exist');
  return state;
}

/** The open (dialing or connected) attempt with this id, or undefined: stale and duplicate callbacks change nothing. */
function liveAttempt(state: ContactState, attemptId: string): (WithAttempt & { status: 'dialing' | 'connected' }) | undefined {
  if ((state.status === 'dialing' || state.status === 'connected') && state.attempt.attemptId === attemptId) return state;
  return undefined;
}

/** PROVIDERS.md section 7: an attempt where the customer leg was never dialled never counts. */
const outcomeCanCount = (outcome: CallOutcome): boolean => outcome !== 'agent-missed' && outcome !== 'canceled';

const later = (a: Instant, b: Instant): Instant => (toMs(a) >= toMs(b) ? a : b);

export function decideContact(command: ContactCommand, state: ContactState): ContactEvent[] {
  switch (command.type) {
    case 'AddContact':
      return addContact(command, state);
    case 'DialContact':
      return dialContact(command, existing(state));
    case 'RecordCallPlaced': {
      const live = liveAttempt(existing(state), command.attemptId);
      if (live === undefined || live.attempt.callSid !== undefined) return [];
      return [{ type: 'CallPlaced', data: extend(ids(live, command.at), { attemptId: command.attemptId, callSid: command.callSid }) }];
    }
    case 'RejectDial': {
      const live = liveAttempt(existing(state), command.attemptId);
      // only a request that never reached the phone network can be rejected: no call id, no answered leg
      if (live?.status !== 'dialing' || live.attempt.callSid !== undefined || live.attempt.agentAnswered) return [];
      const base = { ...ids(live, command.at), attemptId: command.attemptId };
      const rejected: ContactEvent = { type: 'DialRejected', data: { ...base, reason: command.reason, ...optional('detail', command.detail) } };
      if (command.reason !== 'invalid-number') return [rejected];
      return [rejected, { type: 'ContactCompleted', data: { ...base, disposition: 'invalid-number' } }];
    }
    case 'RecordLegAnswered': {
      const live = liveAttempt(existing(state), command.attemptId);
      if (live === undefined) return [];
      const answered = command.leg === 'agent' ? live.attempt.agentAnswered : live.attempt.customerAnswered;
      const learned = learnCallSid(live, command.callSid, command.at);
      if (answered) return learned;
      const data = extend(ids(live, command.at), { attemptId: command.attemptId, leg: command.leg }, optional('callSid', command.callSid));
      return [...learned, { type: 'LegAnswered', data }];
    }
    case 'TerminateCall':
      return terminateCall(command, existing(state));
    case 'RecordDisposition':
      return recordDisposition(command, existing(state));
    case 'CloseWrapUp': {
      const current = existing(state);
      if (current.status !== 'terminal' || current.attempt.attemptId !== command.attemptId) return [];
      return [{ type: 'ContactCompleted', data: { ...ids(current, command.at), disposition: 'reached', attemptId: command.attemptId } }];
    }
    case 'RemoveContact':
    case 'MarkDoNotCall': {
      const current = existing(state);
      const disposition = command.type === 'RemoveContact' ? 'removed' : 'do-not-call';
      // a finished contact can still be put on the do-not-call list, so nothing reopens it later
      if (current.status === 'done' && (disposition === 'removed' || current.disposition === 'do-not-call')) return [];
      if (current.status === 'dialing' || current.status === 'connected') {
        throw new DomainError('contact.call-in-progress', 'the contact is on a call; try again after it ends');
      }
      return [{ type: 'ContactCompleted', data: { ...ids(current, command.at), disposition } }];
    }
    default:
      return assertNever(command);
  }
}

function ids(state: ContactFacts, at: Instant) {
  return { contactId: state.contactId, campaignId: state.campaignId, at };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function learnCallSid(live: WithAttempt, callSid: string | undefined, at: Instant): ContactEvent[] {
  if (callSid === undefined || live.attempt.callSid !== undefined) return [];
  return [{ type: 'CallPlaced', data: extend(ids(live, at), { attemptId: live.attempt.attemptId, callSid }) }];
}

function addContact(command: Command<'AddContact'>, state: ContactState): ContactEvent[] {
  if (state.status !== 'none') throw new DomainError('contact.already-exists', 'contact already exists');
  const { phone, priority } = guardNewContact(command);
  const data = {
    contactId: command.contactId,
    campaignId: command.campaignId,
    at: command.at,
    phone,
    ...optional('name', command.name),
    priority,
    attributes: command.attributes ?? {},
    dueAt: command.dueAt ?? command.at,
  };
  return [{ type: 'ContactAdded', data }];
}

function dialContact(command: Command<'DialContact'>, state: Existing): ContactEvent[] {
  if (state.status === 'done') throw new DomainError('contact.done', `contact is done (${state.disposition})`);
  if (state.status !== 'queued') throw new DomainError('contact.attempt-open', 'contact already has an open attempt');
  if (toMs(command.at) < toMs(state.dueAt)) throw new DomainError('contact.not-due', `contact is due at ${state.dueAt}`);
  const attemptNo = state.countedAttempts + state.uncountedAttempts + state.rejectedDials + 1;
  const data = extend(ids(state, command.at), { attemptId: command.attemptId, agentId: command.agentId, attemptNo, phone: state.phone });
  return [{ type: 'ContactDialed', data }];
}

function terminateCall(command: Command<'TerminateCall'>, state: Existing): ContactEvent[] {
  const live = liveAttempt(state, command.attemptId);
  if (live === undefined) return [];
  const { attempt } = live;
  const counts = command.counts && outcomeCanCount(command.outcome);
  const base = extend(ids(live, command.at), { attemptId: attempt.attemptId });
  const terminated: ContactEvent = {
    type: 'CallTerminated',
    data: extend(
      {},
      base,
      { agentId: attempt.agentId },
      optional('callSid', attempt.callSid ?? command.callSid),
      { outcome: command.outcome, counts, talkSec: command.outcome === 'connected' ? Math.max(0, command.talkSec ?? 0) : 0 },
      optional('recordingUrl', command.recordingUrl),
      { closedBy: command.closedBy ?? 'provider' },
    ),
  };
  const pending = attempt.pendingDisposition;
  if (pending?.code === DO_NOT_CALL_CODE) return [terminated, { type: 'ContactCompleted', data: { ...base, disposition: 'do-not-call' } }];
  if (pending?.callbackAt !== undefined) return [terminated, callback(live, pending.callbackAt, command.at, attempt.attemptId)];
  if (command.outcome === 'connected') {
    return pending === undefined ? [terminated] : [terminated, { type: 'ContactCompleted', data: { ...base, disposition: 'reached' } }];
  }
  const next = decideRetry({
    outcome: command.outcome,
    counts,
    countedAttempts: live.countedAttempts + (counts ? 1 : 0),
    uncountedAttempts: live.uncountedAttempts + (counts ? 0 : 1),
    rules: command.retryRules,
    now: command.at,
  });
  if (next.kind === 'final') return [terminated, { type: 'ContactCompleted', data: extend({}, base, { disposition: next.disposition }) }];
  return [terminated, { type: 'RetryScheduled', data: extend({}, base, { dueAt: next.dueAt, front: next.front, reason: 'policy' as const }) }];
}

function callback(state: ContactFacts, callbackAt: Instant, at: Instant, attemptId?: string): ContactEvent {
  const data = extend(ids(state, at), optional('attemptId', attemptId), { dueAt: later(callbackAt, at), front: false, reason: 'callback' as const });
  return { type: 'RetryScheduled', data };
}

function recordDisposition(command: Command<'RecordDisposition'>, state: Existing): ContactEvent[] {
  guardDisposition(command);
  const attemptId = command.attemptId ?? ('attempt' in state ? state.attempt.attemptId : 'lastAttemptId' in state ? state.lastAttemptId : undefined);
  if ('attempt' in state && command.attemptId !== undefined && command.attemptId !== state.attempt.attemptId) {
    throw new DomainError('contact.wrong-attempt', `the open attempt is ${state.attempt.attemptId}`);
  }
  const recorded: ContactEvent = {
    type: 'DispositionRecorded',
    data: {
      ...ids(state, command.at),
      ...optional('attemptId', attemptId),
      ...optional('agentId', command.agentId),
      code: command.code,
      ...optional('note', command.note),
      ...optional('callbackAt', command.callbackAt),
    },
  };
  const dnc = command.code === DO_NOT_CALL_CODE;
  switch (state.status) {
    case 'dialing':
      throw new DomainError('contact.call-in-progress', 'the call is still ringing; give the disposition once connected or after it ends');
    case 'connected':
      return [recorded];
    case 'terminal':
    case 'queued': {
      if (dnc) return [recorded, { type: 'ContactCompleted', data: { ...ids(state, command.at), disposition: 'do-not-call', ...optional('attemptId', attemptId) } }];
      if (command.callbackAt !== undefined) return [recorded, callback(state, command.callbackAt, command.at, attemptId)];
      if (state.status === 'queued') return [recorded];
      return [recorded, { type: 'ContactCompleted', data: { ...ids(state, command.at), disposition: 'reached', ...optional('attemptId', attemptId) } }];
    }
    case 'done': {
      if (dnc) return state.disposition === 'do-not-call' ? [recorded] : [recorded, { type: 'ContactCompleted', data: { ...ids(state, command.at), disposition: 'do-not-call', ...optional('attemptId', attemptId) } }];
      if (command.callbackAt === undefined) return [recorded];
      if (state.disposition !== 'reached' && state.disposition !== 'exhausted') {
        throw new DomainError('contact.done', `a ${state.disposition} contact cannot be called back`);
      }
      return [recorded, callback(state, command.callbackAt, command.at, attemptId)];
    }
    default:
      return assertNever(state);
  }
}

function facts(state: Existing): ContactFacts {
  const { contactId, campaignId, phone, priority, countedAttempts, uncountedAttempts, rejectedDials, lastOutcome } = state;
  const facts: { -readonly [K in keyof ContactFacts]: ContactFacts[K] } = { contactId, campaignId, phone, priority, countedAttempts, uncountedAttempts, rejectedDials };
  // set rather than spread in, so the object stays cheap to extend (see extend.ts)
  if (lastOutcome !== undefined) facts.lastOutcome = lastOutcome;
  return facts;
}

function lastAttemptOf(state: Existing): string | undefined {
  if ('attempt' in state) return state.attempt.attemptId;
  return state.lastAttemptId;
}

export function evolveContact(state: ContactState, event: ContactEvent): ContactState {
  if (event.type === 'ContactAdded') {
    if (state.status !== 'none') return state;
    const { contactId, campaignId, phone, priority, dueAt } = event.data;
    return { status: 'queued', contactId, campaignId, phone, priority, countedAttempts: 0, uncountedAttempts: 0, rejectedDials: 0, dueAt, isRetry: false, front: false };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'ContactDialed': {
      if (state.status !== 'queued') return state;
      const { attemptId, agentId, attemptNo, at } = event.data;
      const attempt: OpenAttempt = { attemptId, agentId, attemptNo, dialedAt: at, agentAnswered: false, customerAnswered: false };
      return extend(facts(state), { status: 'dialing' as const, attempt, dueAt: state.dueAt });
    }
    case 'CallPlaced':
      return withAttempt(state, event.data.attemptId, (a) => extend({}, a, { callSid: event.data.callSid }));
    case 'LegAnswered': {
      const leg = event.data.leg;
      const next = withAttempt(state, event.data.attemptId, (a) => (leg === 'agent' ? { ...a, agentAnswered: true } : { ...a, customerAnswered: true }));
      return leg === 'customer' && next.status === 'dialing' ? { ...next, status: 'connected' } : next;
    }
    case 'DialRejected': {
      if (state.status !== 'dialing' || state.attempt.attemptId !== event.data.attemptId) return state;
      return extend(facts(state), { rejectedDials: state.rejectedDials + 1, status: 'queued' as const, dueAt: state.dueAt, isRetry: true, front: true, lastAttemptId: event.data.attemptId });
    }
    case 'CallTerminated': {
      if (state.status !== 'dialing' && state.status !== 'connected') return state;
      const counts = event.data.counts;
      return extend(facts(state), {
        countedAttempts: state.countedAttempts + (counts ? 1 : 0),
        uncountedAttempts: state.uncountedAttempts + (counts ? 0 : 1),
        lastOutcome: event.data.outcome,
        status: 'terminal' as const,
        attempt: state.attempt,
      });
    }
    case 'RetryScheduled':
      return extend(facts(state), { status: 'queued' as const, dueAt: event.data.dueAt, isRetry: true, front: event.data.front }, optional('lastAttemptId', event.data.attemptId ?? lastAttemptOf(state)));
    case 'DispositionRecorded': {
      if (state.status !== 'connected') return state;
      const { code, callbackAt } = event.data;
      return { ...state, attempt: { ...state.attempt, pendingDisposition: { code, ...optional('callbackAt', callbackAt) } } };
    }
    case 'ContactCompleted':
      return extend(facts(state), { status: 'done' as const, disposition: event.data.disposition }, optional('lastAttemptId', event.data.attemptId ?? lastAttemptOf(state)));
    default:
      return assertNever(event);
  }
}

function withAttempt(state: Existing, attemptId: string, change: (attempt: OpenAttempt) => OpenAttempt): Existing {
  if ((state.status !== 'dialing' && state.status !== 'connected') || state.attempt.attemptId !== attemptId) return state;
  return { ...state, attempt: change(state.attempt) };
}

export const contactDecider: Decider<ContactCommand, ContactEvent, ContactState> = {
  initialState: initialContactState,
  decide: decideContact,
  evolve: evolveContact,
};
