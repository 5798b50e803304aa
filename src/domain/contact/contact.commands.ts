import type { CallClosedBy, CallOutcome } from '../dialing/outcome.mapping.js';
import type { RetryRules } from '../dialing/retry.policy.js';
import type { Instant } from '../shared/time.js';

interface Base {
  readonly contactId: string;
  readonly at: Instant;
}

export type DialRejectionReason =
  | 'invalid-number' // the provider refused the number: the contact ends
  | 'provider-refused' // credentials, plan or permission: the campaign pauses, the contact waits
  | 'rate-limited' // 429: back off, the contact waits
  | 'agent-unavailable' // the agent's device could not be reached: the contact waits
  | 'not-placed'; // an unknown request outcome that a lookup proved placed no call

export type ContactCommand =
  | (Base & {
      readonly type: 'AddContact';
      readonly campaignId: string;
      readonly phone: string;
      readonly name?: string;
      readonly priority?: number;
      readonly attributes?: Readonly<Record<string, string>>;
      /** Earliest time to dial; `at` when omitted. */
      readonly dueAt?: Instant;
    })
  | (Base & { readonly type: 'DialContact'; readonly attemptId: string; readonly agentId: string })
  | (Base & { readonly type: 'RecordCallPlaced'; readonly attemptId: string; readonly callSid: string })
  | (Base & { readonly type: 'RejectDial'; readonly attemptId: string; readonly reason: DialRejectionReason; readonly detail?: string })
  | (Base & { readonly type: 'RecordLegAnswered'; readonly attemptId: string; readonly leg: 'agent' | 'customer'; readonly callSid?: string })
  | (Base & {
      readonly type: 'TerminateCall';
      readonly attemptId: string;
      readonly callSid?: string;
      readonly outcome: CallOutcome;
      /** Whether the customer leg was dialled (PROVIDERS.md section 7). */
      readonly counts: boolean;
      readonly talkSec?: number;
      readonly recordingUrl?: string;
      /** The campaign's retry rules at the time of the outcome. */
      readonly retryRules: RetryRules;
      /** Why it ended when we closed it ourselves (watchdog), for the audit trail. */
      readonly closedBy?: CallClosedBy;
    })
  | (Base & {
      readonly type: 'RecordDisposition';
      readonly attemptId?: string;
      readonly agentId?: string;
      readonly code: string;
      readonly note?: string;
      readonly callbackAt?: Instant;
    })
  | (Base & { readonly type: 'CloseWrapUp'; readonly attemptId: string })
  | (Base & { readonly type: 'RemoveContact' })
  | (Base & { readonly type: 'MarkDoNotCall' });
