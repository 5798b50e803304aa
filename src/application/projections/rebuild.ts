import { randomUUID } from 'node:crypto';
import type { EventStore, StoredEvent } from '../ports/event-store.port.js';
import type { ReadModelStore } from '../ports/read-model-store.port.js';
import { applyEvents } from './apply-events.js';
import type { Projection } from './projection.js';

export interface RebuildProgress {
  readonly events: number;
  readonly position: bigint;
  readonly elapsedMs: number;
}

export interface RebuildOptions {
  readonly onProgress?: ((progress: RebuildProgress) => void) | undefined;
  readonly batchSize?: number;
}

/** Each rebuild stages under its own name, so two rebuilds at once cannot wipe each other's work. */
const stagingName = (projection: Projection, run: string) => `${projection.name}~rebuild-${run}`;

/**
 * Rebuilds read models from position 0 without stopping the service: replays into staging rows in short
 * transactions, then — holding the write lock so no event can slip in — catches up the last few events and
 * promotes the staging rows in one step. Readers see the old read model until the new one is complete.
 */
export async function rebuildReadModels(
  events: EventStore,
  readModels: ReadModelStore,
  projections: readonly Projection[],
  options: RebuildOptions = {},
): Promise<RebuildProgress> {
  const started = performance.now();
  const run = randomUUID().slice(0, 8);
  const staging = projections.map((projection) => ({ ...projection, name: stagingName(projection, run) }));
  for (const projection of staging) readModels.wipe(projection.name);
  let count = 0;
  let position = -1n;
  const progress = (): RebuildProgress => ({ events: count, position, elapsedMs: performance.now() - started });
  const replay = async (): Promise<void> => {
    for await (const batch of inBatches(events, position, options.batchSize ?? 5000)) {
      applyEvents(readModels, staging, batch);
      count += batch.length;
      position = batch[batch.length - 1]!.position;
      options.onProgress?.(progress());
    }
  };
  await replay();
  await readModels.exclusively(async () => {
    await replay();
    for (const projection of projections) {
      const staged = stagingName(projection, run);
      if (readModels.checkpoint(staged) === undefined) readModels.commit([{ projection: staged, changes: [], position }]);
      readModels.promote(staged, projection.name);
    }
  });
  return progress();
}

/**
 * Replays events up to and including `toPosition` into the given (usually in-memory) store: the read models as
 * they stood at that moment.
 */
export async function replayUpTo(events: EventStore, readModels: ReadModelStore, projections: readonly Projection[], toPosition: bigint): Promise<number> {
  let count = 0;
  for await (const batch of inBatches(events, -1n, 5000)) {
    const upTo = batch.filter((event) => event.position <= toPosition);
    applyEvents(readModels, projections, upTo);
    count += upTo.length;
    if (upTo.length < batch.length) break;
  }
  return count;
}

async function* inBatches(events: EventStore, after: bigint, size: number): AsyncGenerator<StoredEvent[]> {
  let batch: StoredEvent[] = [];
  for await (const event of events.readAll(after < 0n ? {} : { fromPosition: after })) {
    batch.push(event);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
