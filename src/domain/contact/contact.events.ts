import type { CallClosedBy, CallOutcome } from '../dialing/outcome.mapping.js';
import type { DomainEvent } from '../shared/decider.js';
import type { Instant } from '../shared/time.js';
import type { DialRejectionReason } from './contact.commands.js';

interface Base {
  readonly contactId: string;
  readonly campaignId: string;
  readonly at: Instant;
}
interface OfAttempt extends Base {
  readonly attemptId: string;
}

export type ContactDisposition = 'reached' | 'exhausted' | 'do-not-call' | 'invalid-number' | 'removed';

export type ContactAdded = DomainEvent<
  'ContactAdded',
  Base & {
    readonly phone: string;
    readonly name?: string;
    readonly priority: number;
    readonly attributes: Readonly<Record<string, string>>;
    readonly dueAt: Instant;
  }
>;
export type ContactDialed = DomainEvent<'ContactDialed', OfAttempt & { readonly agentId: string; readonly attemptNo: number; readonly phone: string }>;
export type CallPlaced = DomainEvent<'CallPlaced', OfAttempt & { readonly callSid: string }>;
export type DialRejected = DomainEvent<'DialRejected', OfAttempt & { readonly reason: DialRejectionReason; readonly detail?: string }>;
export type LegAnswered = DomainEvent<'LegAnswered', OfAttempt & { readonly leg: 'agent' | 'customer'; readonly callSid?: string }>;
export type CallTerminated = DomainEvent<
  'CallTerminated',
  OfAttempt & {
    readonly agentId: string;
    readonly callSid?: string;
    readonly outcome: CallOutcome;
    readonly counts: boolean;
    readonly talkSec: number;
    readonly recordingUrl?: string;
    readonly closedBy: CallClosedBy;
  }
>;
export type RetryScheduled = DomainEvent<
  'RetryScheduled',
  Base & {
    readonly attemptId?: string;
    readonly dueAt: Instant;
    /** Back to the front of the queue (the attempt did not count). */
    readonly front: boolean;
    readonly reason: 'policy' | 'callback';
  }
>;
export type DispositionRecorded = DomainEvent<
  'DispositionRecorded',
  Base & { readonly attemptId?: string; readonly agentId?: string; readonly code: string; readonly note?: string; readonly callbackAt?: Instant }
>;
export type ContactCompleted = DomainEvent<'ContactCompleted', Base & { readonly disposition: ContactDisposition; readonly attemptId?: string }>;

export type ContactEvent =
  | ContactAdded
  | ContactDialed
  | CallPlaced
  | DialRejected
  | LegAnswered
  | CallTerminated
  | RetryScheduled
  | DispositionRecorded
  | ContactCompleted;

export const CONTACT_EVENT_TYPES = [
  'ContactAdded',
  'ContactDialed',
  'CallPlaced',
  'DialRejected',
  'LegAnswered',
  'CallTerminated',
  'RetryScheduled',
  'DispositionRecorded',
  'ContactCompleted',
] as const satisfies readonly ContactEvent['type'][];
