import type { LegStatus, OverallStatus } from '../../domain/dialing/outcome.mapping.js';

export const TELEPHONY = Symbol('TELEPHONY');

export type ProviderName = 'exotel-v1' | 'ccm-v2' | 'sandbox';

/** One call to place: ring the agent first, then bridge the customer (progressive). Numbers are E.164. */
export interface PlaceCall {
  /** Our correlation id, sent as CustomField / custom_field (at most 128 characters). */
  readonly attemptId: string;
  readonly agentPhone: string;
  /** CCM v2 can address the agent by Exotel user id instead of number. */
  readonly agentUserId?: string;
  readonly customerPhone: string;
  /** The ExoPhone shown to both parties. */
  readonly callerId: string;
  /** Ring time per leg. */
  readonly ringTimeoutSec: number;
  readonly maxDurationSec: number;
  readonly record: boolean;
  readonly recordingChannels: 'single' | 'dual';
  /** Where the provider posts call events (already carrying the webhook token). */
  readonly statusCallbackUrl: string;
}

export interface PlacedCall {
  readonly callSid: string;
}

/** A provider callback or call-details answer, normalised. */
export interface CallProgress {
  readonly callSid: string;
  /** Our attempt id echoed back, when the provider sent it (v1 may send it on terminal events only). */
  readonly attemptId?: string;
  /** `answered` fires once per leg; `terminal` once per call; `details` is a call-details lookup. */
  readonly event: 'answered' | 'terminal' | 'details';
  readonly overallStatus: OverallStatus;
  readonly agentLeg: LegStatus;
  readonly customerLeg: LegStatus;
  /** Whether the call is over (terminal event, or details with a final status). */
  readonly final: boolean;
  /** Seconds both parties were bridged. */
  readonly conversationSec?: number;
  readonly recordingUrl?: string;
  /** ISO-8601 UTC time of the event as the provider reports it (v1 local times read as Asia/Kolkata). */
  readonly at?: string;
}

export type TelephonyErrorKind =
  | 'invalid-number' // 400 on a number: the contact ends `invalid-number`
  | 'bad-request' // 400 on anything else (our bug or configuration)
  | 'unauthorized' // 401: pause the campaign
  | 'payment-required' // 402: pause the campaign
  | 'forbidden' // 403: pause the campaign
  | 'not-found' // 404 not about a device (account, virtual number, region)
  | 'device-unavailable' // CCM device / user codes: agent unavailable, contact untouched
  | 'rate-limited' // 429: back off, contact stays queued
  | 'provider-fault' // 5xx: unknown whether a call exists
  | 'timeout' // no answer in time: unknown whether a call exists
  | 'network'; // connection refused/reset before a response: unknown whether a call exists

export class TelephonyError extends Error {
  constructor(
    readonly kind: TelephonyErrorKind,
    message: string,
    /** Worth trying again later (after a lookup when the outcome is unknown). */
    readonly retryable: boolean,
    readonly providerCode?: string | number,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'TelephonyError';
  }

  /** The request may or may not have placed a call: look it up before any redial. */
  get outcomeUnknown(): boolean {
    return this.kind === 'provider-fault' || this.kind === 'timeout' || this.kind === 'network';
  }
}

export interface FindCallsQuery {
  readonly customerPhone: string;
  /** ISO-8601 UTC: calls created at or after this time. */
  readonly since: string;
}

export interface Telephony {
  readonly provider: ProviderName;
  /** Throws TelephonyError. */
  placeCall(call: PlaceCall): Promise<PlacedCall>;
  /** undefined when the provider does not know the call. */
  getCall(callSid: string): Promise<CallProgress | undefined>;
  /** Calls to a number since a time: how to learn whether a timed-out request placed a call. */
  findCalls(query: FindCallsQuery): Promise<CallProgress[]>;
}

/** Every provider this instance can dial through, by the name campaigns use. */
export const TELEPHONY_PROVIDERS = Symbol('TELEPHONY_PROVIDERS');
export type TelephonyProviders = ReadonlyMap<ProviderName, Telephony>;

/** Where providers post call events; known only once the service listens (and from PUBLIC_BASE_URL). */
export const WEBHOOK_URLS = Symbol('WEBHOOK_URLS');
export interface WebhookUrls {
  statusCallback(provider: ProviderName): string;
}
