import { randomUUID } from 'node:crypto';
import type { EventStore, StoredEvent } from '../ports/event-store.port.js';
import type { ReadModelStore } from '../ports/read-model-store.port.js';
import { applyEvents } from './apply-events.js';
import type { Projection } from './projection.js';
import { StagedRows } from './staged-rows.js';

export interface RebuildProgress {
  readonly events: number;
  readonly position: bigint;
  readonly elapsedMs: number;
}

export interface RebuildOptions {
  readonly onProgress?: ((progress: RebuildProgress) => void) | undefined;
  /** Events read per page. */
  readonly batchSize?: number;
  /**
   * Rows the replay keeps in memory before it writes them to the staging tables; past that, rows not in memory
   * are read from the store again. Bounds the rebuild's memory (a row is a few hundred bytes).
   */
  readonly maxRowsInMemory?: number;
  /** Rows per transaction when the staged rows are written. */
  readonly rowsPerWrite?: number;
}

// small pages: the page being projected is what every young-generation GC has to copy, and 5,000 events of it made
// GC a third of a rebuild
const DEFAULT_BATCH = 500;
// about 50 MB of rows; past that, rows are written out and those not in memory are read from the store again
const DEFAULT_MAX_ROWS_IN_MEMORY = 100_000;
const DEFAULT_ROWS_PER_WRITE = 5_000;

/** Each rebuild stages under its own name, so two rebuilds at once cannot wipe each other's work. */
const stagingName = (projection: Projection, run: string) => `${projection.name}~rebuild-${run}`;

const giveWay = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Rebuilds read models from position 0 without stopping the service. The replay keeps the staging rows in memory
 * (no row lookups or writes per event) and writes them once, in short transactions with the checkpoint in the last.
 * Then — holding the write lock so no event can slip in — it catches up the last few events and promotes the staging
 * rows in one step. Readers see the old read model until the new one is complete.
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
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const maxRowsInMemory = options.maxRowsInMemory ?? DEFAULT_MAX_ROWS_IN_MEMORY;
  const rowsPerWrite = options.rowsPerWrite ?? DEFAULT_ROWS_PER_WRITE;
  let count = 0;
  let position = -1n;
  const progress = (): RebuildProgress => ({ events: count, position, elapsedMs: performance.now() - started });

  const staged = new StagedRows(readModels, staging);
  for await (const page of pagesOf(events, position, batchSize)) {
    staged.apply(page);
    count += page.length;
    position = page[page.length - 1]!.position;
    options.onProgress?.(progress());
    if (staged.size >= maxRowsInMemory) await staged.writeOut(position, rowsPerWrite, giveWay);
    // a service keeps answering while a rebuild runs
    await giveWay();
  }
  await staged.writeOut(position, rowsPerWrite, giveWay);

  /** Whatever was appended since, through the staging tables in the store (a few events). */
  const catchUp = async (): Promise<void> => {
    for await (const page of pagesOf(events, position, batchSize)) {
      applyEvents(readModels, staging, page);
      count += page.length;
      position = page[page.length - 1]!.position;
      options.onProgress?.(progress());
    }
  };
  await catchUp();
  await readModels.exclusively(async () => {
    await catchUp();
    for (const projection of projections) readModels.promote(stagingName(projection, run), projection.name);
  });
  return progress();
}

/**
 * Replays events up to and including `toPosition` into the given (usually in-memory) store: the read models as
 * they stood at that moment.
 */
export async function replayUpTo(events: EventStore, readModels: ReadModelStore, projections: readonly Projection[], toPosition: bigint): Promise<number> {
  let count = 0;
  for await (const page of pagesOf(events, -1n, DEFAULT_BATCH)) {
    const upTo = page.filter((event) => event.position <= toPosition);
    applyEvents(readModels, projections, upTo);
    count += upTo.length;
    if (upTo.length < page.length) break;
  }
  return count;
}

/** The log after `after` (-1: from the start) in pages: the store's bulk read when it has one. */
async function* pagesOf(events: EventStore, after: bigint, size: number): AsyncGenerator<readonly StoredEvent[]> {
  const from = after < 0n ? {} : { fromPosition: after };
  if (events.readAllInPages !== undefined) {
    yield* events.readAllInPages({ ...from, pageSize: size });
    return;
  }
  let page: StoredEvent[] = [];
  for await (const event of events.readAll(from)) {
    page.push(event);
    if (page.length >= size) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}
