import type { CallOutcome, LegStatus } from '../../../domain/dialing/outcome.mapping.js';

export type SandboxApi = 'v1' | 'v2';

/** An API request as the sandbox received it: what a test checks field by field. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly contentType: string | undefined;
  readonly hasAuthorization: boolean;
  /** `Basic` for Basic auth; the credentials themselves are never kept. */
  readonly authorizationScheme: string | undefined;
  /** Form fields (a repeated field as a list), or parsed JSON; undefined when empty or unreadable. */
  readonly body: unknown;
  /** Sandbox clock, epoch ms. */
  readonly receivedAt: number;
}

export type V1CallStatus =
  'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';

/** Times are sandbox-clock epoch ms. */
export interface LegRecord {
  /** E.164. */
  readonly number: string;
  readonly status: LegStatus;
  readonly ringStartedAt?: number;
  readonly answeredAt?: number;
  readonly endedAt?: number;
}

export type CallbackEvent = 'answered' | 'terminal';
export type Party = 'agent' | 'customer';

/** One callback the call fired, and what became of it. */
export interface CallbackRecord {
  readonly event: CallbackEvent;
  /** For `answered`: whose leg answered. */
  readonly leg?: Party;
  readonly url: string;
  readonly firedAt: number;
  readonly lost: boolean;
  readonly duplicate: boolean;
  readonly lateByMs: number;
  /** POSTs that the receiver answered with a 2xx. */
  readonly delivered: number;
  readonly attempts: number;
}

/** A call the sandbox was asked to place, as it plays out. */
export interface SandboxCall {
  readonly callSid: string;
  readonly api: SandboxApi;
  readonly request: RecordedRequest;
  readonly attemptId: string | undefined;
  readonly agentNumber: string;
  readonly agentUserId: string | undefined;
  readonly customerNumber: string;
  readonly callerId: string;
  readonly ringTimeoutSec: number;
  readonly timeLimitSec: number;
  readonly record: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** The outcome the profile drew when the call was placed. */
  readonly plannedOutcome: CallOutcome;
  readonly state: 'active' | 'terminal';
  readonly status: V1CallStatus;
  readonly agentLeg: LegRecord;
  readonly customerLeg: LegRecord;
  readonly conversationSec: number | undefined;
  readonly recordingUrl: string | undefined;
  readonly endedAt: number | undefined;
  readonly callbacks: readonly CallbackRecord[];
}

type Mutable<T> = { -readonly [Key in keyof T]: T[Key] };

/** The sandbox's own, mutable view of a call. */
export interface LiveCall extends Mutable<Omit<SandboxCall, 'agentLeg' | 'customerLeg' | 'callbacks'>> {
  agentLeg: Mutable<LegRecord>;
  customerLeg: Mutable<LegRecord>;
  callbacks: Array<Mutable<CallbackRecord>>;
}
