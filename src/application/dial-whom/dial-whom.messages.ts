import type { CampaignSettings } from '../../domain/campaign/campaign-settings.js';

/** How Exotel's previous agent attempt for this call ended (sent on a repeat request). */
export type DialCallStatus = 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';

export const DIAL_CALL_STATUSES: readonly DialCallStatus[] = [
  'completed',
  'busy',
  'no-answer',
  'failed',
  'canceled',
];

/** One "whom do I connect?" request from Exotel's Connect applet, already read from the query string. */
export interface DialWhomRequest {
  readonly callSid: string;
  /** The caller as Exotel sent it: E.164 or national (`08516043026`); may be missing or withheld. */
  readonly callerNumber?: string;
  /** Present on a repeat request: how the previous agent attempt ended. */
  readonly dialCallStatus?: DialCallStatus;
  /** Present on a repeat request: the number Exotel dialled last (E.164 or national). */
  readonly dialWhomNumber?: string;
  readonly nowMs: number;
}

/** An agent reserved for the call. */
export interface AgentChoice {
  readonly agentId: string;
  /** E.164. */
  readonly phone: string;
  readonly campaignId: string;
  /** The caller's contact, or the id an unknown caller would get in that campaign. */
  readonly contactId: string;
  readonly attemptId: string;
  /** The agent who last talked to this caller. */
  readonly sticky: boolean;
}

export interface DialWhomAnswer {
  /** Empty when nobody is free (the caller is then queued for a callback) or the call is over. */
  readonly agents: readonly AgentChoice[];
  /** The campaign the call is routed for (caller id, ring time, recording for the CCM answer), when one is known. */
  readonly campaign?: CampaignSettings;
  /** A callback was queued for this caller (now or by an earlier request for the call). */
  readonly callbackQueued: boolean;
}
