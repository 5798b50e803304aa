export const EVENT_STORE = Symbol('EVENT_STORE');

/** 0-based revisions as in EventStoreDB; `no_stream` = the stream must not exist; `any` = no check. */
export type ExpectedRevision = 'no_stream' | 'any' | bigint;

export interface EventMetadata {
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly [key: string]: unknown;
}

export interface NewEvent {
  /** A UUID; deterministic ids make appends idempotent. */
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: EventMetadata;
}

export interface StoredEvent {
  readonly id: string;
  readonly type: string;
  /** Parsed JSON: strings and numbers, never Dates or bigints. */
  readonly data: unknown;
  readonly metadata: EventMetadata;
  readonly streamId: string;
  /** 0-based position within its stream. */
  readonly revision: bigint;
  /** Global, strictly increasing order across all streams. */
  readonly position: bigint;
  /** ISO-8601 UTC time the store recorded the event. */
  readonly recordedAt: string;
}

export interface AppendResult {
  /** Revision of the last event now in the stream (the expected revision for the next append). */
  readonly nextRevision: bigint;
  /** Global position of the last event written. */
  readonly position: bigint;
}

export interface ReadStreamOptions {
  readonly fromRevision?: bigint;
  readonly direction?: 'forwards' | 'backwards';
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Omitted = from the beginning. */
  readonly fromPosition?: bigint;
  readonly maxCount?: number;
}

export interface ReadPagesOptions extends ReadAllOptions {
  /** Events per page (the last page may hold fewer). */
  readonly pageSize?: number;
}

export interface SubscribeOptions {
  /** Exclusive checkpoint: delivery starts strictly after it. Omitted = from the beginning. */
  readonly fromPosition?: bigint;
  /** Called one event at a time, in position order; the next waits for the returned promise. */
  onEvent(event: StoredEvent): void | Promise<void>;
  onError?(error: Error): void;
}

export interface Subscription {
  close(): Promise<void>;
}

export interface StreamAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expectedRevision: ExpectedRevision;
}

export interface EventStore {
  append(streamId: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  /**
   * Optional: several appends (to different streams) in one transaction: all are stored, in the order given, or none
   * is (a wrong expected revision on any stream refuses them all, naming that stream). Each is recognised as a
   * retry on its own, as `append` does. Results in the order given. A store that cannot do this atomically
   * (EventStoreDB writes one stream per request) leaves it out, and callers append one after the other.
   */
  appendAtomically?(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  /** A missing stream reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<StoredEvent>;
  readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent>;
  /**
   * Optional bulk read for replays (read-model rebuilds): what `readAll` answers, a page at a time, without the cost
   * of one asynchronous step per event. An event's `metadata` may be a getter that parses it on first access.
   */
  readAllInPages?(options?: ReadPagesOptions): AsyncIterable<readonly StoredEvent[]>;
  /** Catch-up over everything stored after `fromPosition`, then live. */
  subscribeToAll(options: SubscribeOptions): Subscription;
  /** Releases connections and files. */
  close(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}
