import type { CallOutcome } from '../dialing/outcome.mapping.js';
import type { Instant } from '../shared/time.js';
import type { ContactDisposition } from './contact.events.js';

export interface ContactFacts {
  readonly contactId: string;
  readonly campaignId: string;
  readonly phone: string;
  readonly priority: number;
  /** Attempts that dialled the customer leg: these count against maxAttempts. */
  readonly countedAttempts: number;
  /** Attempts that did not reach the customer leg (agent missed, canceled, rejected, no-dial). */
  readonly uncountedAttempts: number;
  /** Dials the provider refused before any call existed (never counted). */
  readonly rejectedDials: number;
  readonly lastOutcome?: CallOutcome;
}

export interface OpenAttempt {
  readonly attemptId: string;
  readonly agentId: string;
  readonly attemptNo: number;
  readonly dialedAt: Instant;
  readonly callSid?: string;
  readonly agentAnswered: boolean;
  readonly customerAnswered: boolean;
  /** A disposition the agent gave while still on the call, applied when it ends. */
  readonly pendingDisposition?: { readonly code: string; readonly callbackAt?: Instant };
}

export type ContactState =
  | { readonly status: 'none' }
  | (ContactFacts & {
      readonly status: 'queued';
      readonly dueAt: Instant;
      /** Has been dialled before (a retry, or requeued after an attempt that did not count). */
      readonly isRetry: boolean;
      readonly front: boolean;
      readonly lastAttemptId?: string;
    })
  | (ContactFacts & { readonly status: 'dialing' | 'connected'; readonly attempt: OpenAttempt; readonly dueAt: Instant })
  /** The call ended; a connected call stays here while the agent wraps up and may still give a disposition. */
  | (ContactFacts & { readonly status: 'terminal'; readonly attempt: OpenAttempt })
  | (ContactFacts & { readonly status: 'done'; readonly disposition: ContactDisposition; readonly lastAttemptId?: string });

export const initialContactState: ContactState = { status: 'none' };

export type ContactStatus = ContactState['status'];
