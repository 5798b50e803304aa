import {
  type AppendResult,
  type ExpectedRevision,
  type NewEvent,
  type StreamAppend,
  WrongExpectedRevisionError,
} from '../../application/ports/event-store.port.js';

/** The revision of a stream's last event, or `no_stream` when it has none. */
export type CurrentRevision = bigint | 'no_stream';

/** Where an already stored event sits. */
export interface StoredPlace {
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: bigint;
}

/** What an append of events whose ids may already be stored amounts to. */
export type AppendKind =
  | { readonly kind: 'new' }
  | { readonly kind: 'retry'; readonly result: AppendResult }
  | { readonly kind: 'conflict' };

/** An append carries at least one event and no id twice. */
export function assertAppendable(events: readonly NewEvent[]): void {
  if (events.length === 0) throw new RangeError('append needs at least one event');
  if (new Set(events.map((event) => event.id)).size < events.length) {
    throw new RangeError('append carries the same event id twice');
  }
}

/** An atomic append writes each stream once: two parts for one stream would have to expect each other's revision. */
export function assertOneAppendPerStream(appends: readonly StreamAppend[]): void {
  if (new Set(appends.map((part) => part.streamId)).size < appends.length) throw new RangeError('appends to one stream twice');
}

export function assertExpectedRevision(
  streamId: string,
  expected: ExpectedRevision,
  current: CurrentRevision,
): void {
  if (expected !== 'any' && expected !== current) {
    throw new WrongExpectedRevisionError(streamId, expected, current);
  }
}

/**
 * Recognises a retried append: every id already stored, in this stream, at exactly the revisions that
 * append would have given them. A retry answers the original result; any other overlap is a conflict.
 */
export function classifyAppend(
  streamId: string,
  expected: ExpectedRevision,
  places: readonly (StoredPlace | undefined)[],
): AppendKind {
  const stored = places.filter((place): place is StoredPlace => place !== undefined);
  const [first] = stored;
  const last = stored.at(-1);
  if (first === undefined || last === undefined) return { kind: 'new' };
  if (stored.length < places.length) return { kind: 'conflict' };

  const firstRevision = expected === 'any' ? first.revision : expected === 'no_stream' ? 0n : expected + 1n;
  const inPlace = stored.every(
    (place, index) => place.streamId === streamId && place.revision === firstRevision + BigInt(index),
  );
  if (!inPlace) return { kind: 'conflict' };
  return { kind: 'retry', result: { nextRevision: last.revision, position: last.position } };
}
