import type { Instant } from '../shared/time.js';

interface Base {
  readonly agentId: string;
  readonly at: Instant;
}

interface OfAttempt extends Base {
  readonly attemptId: string;
}

export type AgentCommand =
  | (Base & { readonly type: 'RegisterAgent'; readonly name: string; readonly phone: string; readonly ccmUserId?: string })
  | (Base & { readonly type: 'MakeAgentAvailable' })
  | (Base & { readonly type: 'PauseAgent'; readonly reason: string })
  | (Base & { readonly type: 'LogoutAgent' })
  | (OfAttempt & { readonly type: 'ReserveAgent'; readonly contactId: string; readonly campaignId: string })
  | (OfAttempt & { readonly type: 'ReleaseReservation'; readonly reason: string })
  | (OfAttempt & { readonly type: 'ConnectAgent' })
  | (OfAttempt & { readonly type: 'StartWrapUp'; readonly wrapUpSec: number })
  | (OfAttempt & { readonly type: 'EndWrapUp' })
  | (OfAttempt & { readonly type: 'RecordMissedCall' });
