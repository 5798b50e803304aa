import type { ContactDetails } from '../../../../application/use-cases/contacts/contact-details.js';
import type { ContactResponse } from './contact.response.js';

export function contactView({ state, added, attempts, dispositions }: ContactDetails): ContactResponse {
  return {
    id: state.contactId,
    campaignId: state.campaignId,
    phone: state.phone,
    ...(added.name === undefined ? {} : { name: added.name }),
    priority: state.priority,
    attributes: { ...added.attributes },
    addedAt: added.at,
    status: state.status,
    ...('dueAt' in state ? { dueAt: state.dueAt } : {}),
    ...(state.status === 'queued' ? { isRetry: state.isRetry } : {}),
    ...(state.status === 'done' ? { disposition: state.disposition } : {}),
    countedAttempts: state.countedAttempts,
    uncountedAttempts: state.uncountedAttempts + state.rejectedDials,
    ...(state.lastOutcome === undefined ? {} : { lastOutcome: state.lastOutcome }),
    ...('attempt' in state ? { currentAttemptId: state.attempt.attemptId } : {}),
    attempts: attempts.map((attempt) => ({ ...attempt })),
    dispositions,
  };
}
