import { DomainError } from '../../../domain/shared/domain-error.js';
import type { LoadedAgent } from './load-agent.js';

export interface DispositionTarget {
  readonly contactId: string;
  readonly attemptId?: string;
}

/**
 * Which contact an agent's disposition is about: the one named, else the contact of the agent's current attempt
 * (reserved, on a call, wrapping up), else of the last attempt the agent had. An agent who never had a call must
 * name the contact (400 naming `contactId`).
 */
export function dispositionTarget(
  agent: LoadedAgent,
  given: { contactId?: string; attemptId?: string },
): DispositionTarget {
  const current =
    'attemptId' in agent.state
      ? { attemptId: agent.state.attemptId, contactId: agent.state.contactId }
      : agent.lastAttempt;
  if (given.contactId !== undefined) {
    const attemptId =
      given.attemptId ?? (current?.contactId === given.contactId ? current.attemptId : undefined);
    return { contactId: given.contactId, ...(attemptId === undefined ? {} : { attemptId }) };
  }
  if (current === undefined)
    throw new DomainError(
      'agent.no-call',
      'the agent has had no call: name the contact (contactId)',
      'contactId',
    );
  if (given.attemptId !== undefined && given.attemptId !== current.attemptId) {
    throw new DomainError(
      'agent.wrong-attempt',
      `the agent's current or last attempt is ${current.attemptId}; name the contact for another one`,
      'attemptId',
    );
  }
  return { contactId: current.contactId, attemptId: current.attemptId };
}
