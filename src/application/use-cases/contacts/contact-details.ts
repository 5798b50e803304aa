import { contactDecider } from '../../../domain/contact/contact.decider.js';
import type { ContactAdded, ContactEvent } from '../../../domain/contact/contact.events.js';
import type { ContactState } from '../../../domain/contact/contact.state.js';
import type { CallOutcome } from '../../../domain/dialing/outcome.mapping.js';
import { DomainError } from '../../../domain/shared/domain-error.js';
import { streamOf } from '../../events/streams.js';
import type { EventStore } from '../../ports/event-store.port.js';
import { loadStream } from '../shared/load-stream.js';

export interface AttemptSummary {
  readonly attemptId: string;
  readonly attemptNo: number;
  readonly agentId: string;
  readonly dialedAt: string;
  callSid?: string;
  outcome?: CallOutcome;
  counts?: boolean;
  talkSec?: number;
  endedAt?: string;
  recordingUrl?: string;
  /** Why the provider refused the dial (no call existed). */
  rejected?: string;
}

export interface DispositionSummary {
  readonly code: string;
  readonly at: string;
  readonly attemptId?: string;
  readonly agentId?: string;
  readonly note?: string;
  readonly callbackAt?: string;
}

export interface ContactDetails {
  readonly state: Exclude<ContactState, { status: 'none' }>;
  readonly added: ContactAdded['data'];
  readonly attempts: AttemptSummary[];
  readonly dispositions: DispositionSummary[];
}

/** A contact as its stream tells it: current state, what it was imported with, every attempt and disposition. */
export async function contactDetails(store: EventStore, contactId: string): Promise<ContactDetails> {
  let added: ContactAdded['data'] | undefined;
  const attempts = new Map<string, AttemptSummary>();
  const dispositions: DispositionSummary[] = [];
  const record = (_stored: unknown, event: ContactEvent) => {
    switch (event.type) {
      case 'ContactAdded':
        added = event.data;
        break;
      case 'ContactDialed': {
        const { attemptId, attemptNo, agentId, at } = event.data;
        attempts.set(attemptId, { attemptId, attemptNo, agentId, dialedAt: at });
        break;
      }
      case 'CallPlaced': {
        const attempt = attempts.get(event.data.attemptId);
        if (attempt) attempt.callSid = event.data.callSid;
        break;
      }
      case 'DialRejected': {
        const attempt = attempts.get(event.data.attemptId);
        if (attempt) Object.assign(attempt, { rejected: event.data.reason, endedAt: event.data.at });
        break;
      }
      case 'CallTerminated': {
        const attempt = attempts.get(event.data.attemptId);
        const { outcome, counts, talkSec, recordingUrl, callSid, at } = event.data;
        if (attempt)
          Object.assign(attempt, {
            outcome,
            counts,
            talkSec,
            endedAt: at,
            ...(callSid === undefined ? {} : { callSid }),
            ...(recordingUrl === undefined ? {} : { recordingUrl }),
          });
        break;
      }
      case 'DispositionRecorded': {
        const { code, at, attemptId, agentId, note, callbackAt } = event.data;
        dispositions.push({ code, at, ...definedOnly({ attemptId, agentId, note, callbackAt }) });
        break;
      }
      default:
        break;
    }
  };
  const { state } = await loadStream(store, contactDecider, streamOf.contact(contactId), undefined, record);
  if (state.status === 'none' || added === undefined)
    throw new DomainError('contact.not-found', `contact ${contactId} does not exist`);
  return { state, added, attempts: [...attempts.values()], dispositions };
}

function definedOnly<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
