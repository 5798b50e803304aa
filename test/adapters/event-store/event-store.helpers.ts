import { randomUUID } from 'node:crypto';
import {
  type EventMetadata,
  type EventStore,
  type NewEvent,
  type StoredEvent,
  WrongExpectedRevisionError,
} from '../../../src/application/ports/event-store.port.js';

/** Unique per call, so suites can share one server. */
export function newStreamId(category = 'test'): string {
  return `${category}-${randomUUID().replaceAll('-', '')}`;
}

export function anEvent(
  type = 'SomethingHappened',
  data: unknown = { n: 1 },
  metadata?: EventMetadata,
): NewEvent {
  return metadata === undefined
    ? { id: randomUUID(), type, data }
    : { id: randomUUID(), type, data, metadata };
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

export function inStreams(events: readonly StoredEvent[], ...streamIds: string[]): StoredEvent[] {
  return events.filter((event) => streamIds.includes(event.streamId));
}

export function isStrictlyIncreasing(values: readonly bigint[]): boolean {
  return values.every((value, index) => index === 0 || value > (values[index - 1] as bigint));
}

export async function lastRevisionOf(store: EventStore, streamId: string): Promise<bigint | 'no_stream'> {
  for await (const event of store.readStream(streamId, { direction: 'backwards', maxCount: 1 }))
    return event.revision;
  return 'no_stream';
}

/** Re-reads the stream and retries until the append lands: what a command handler does on a conflict. */
export async function appendWithRetry(store: EventStore, streamId: string, event: NewEvent): Promise<bigint> {
  for (let attempt = 1; attempt <= 200; attempt += 1) {
    try {
      const expected = await lastRevisionOf(store, streamId);
      return (await store.append(streamId, [event], expected)).nextRevision;
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
    }
  }
  throw new Error(`gave up appending ${event.id} to ${streamId}`);
}

export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(5);
  }
}
