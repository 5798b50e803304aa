import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import {
  openSqliteEventStore,
  type SqliteEventStore,
} from '../../src/adapters/event-store/sqlite.event-store.js';
import { SqliteReadModelStore } from '../../src/adapters/read-models/sqlite.read-model-store.js';
import { Projector } from '../../src/application/projections/projector.js';
import { ALL_PROJECTIONS } from '../../src/application/projections/projections.service.js';
import { rebuildReadModels, type RebuildOptions } from '../../src/application/projections/rebuild.js';
import type {
  EventStore,
  ReadAllOptions,
  StoredEvent,
} from '../../src/application/ports/event-store.port.js';
import type { ReadModelStore } from '../../src/application/ports/read-model-store.port.js';
import { HistoryPlayer, historyOp, warmUp, type HistoryOp } from '../support/random-history.js';

const history = fc.array(historyOp, { minLength: 60, maxLength: 200, size: 'max' });
const RUNS = 10;
const TIMEOUT_MS = 180_000;

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function tempFile(): string {
  const folder = mkdtempSync(join(tmpdir(), 'projections-int-'));
  folders.push(folder);
  return join(folder, 'dialer.db');
}

const dump = (store: ReadModelStore) =>
  Object.fromEntries(ALL_PROJECTIONS.map((p) => [p.name, store.list(p.name)]));

/** Every read model as a fresh rebuild from position 0 makes it, in a SQLite file of its own. */
async function rebuiltFromScratch(events: EventStore, options: RebuildOptions = {}): Promise<ReturnType<typeof dump>> {
  const fresh = new SqliteReadModelStore(tempFile());
  try {
    await rebuildReadModels(events, fresh, ALL_PROJECTIONS, { batchSize: 13, ...options });
    return dump(fresh);
  } finally {
    fresh.close();
  }
}

/**
 * The SQLite store reads without giving way to the event loop, so in one process a rebuild would be over before
 * a concurrent append could land. Here reads give way every few events, as a store doing real I/O would — except
 * while the rebuild holds the read models' write lock, which in this one-file setup is the lock appends need.
 */
function readsGivingWay(events: EventStore, readModels: ReadModelStore) {
  let locked = false;
  const pacedEvents: EventStore = {
    append: (streamId, newEvents, expected) => events.append(streamId, newEvents, expected),
    readStream: (streamId, options) => events.readStream(streamId, options),
    subscribeToAll: (options) => events.subscribeToAll(options),
    close: () => events.close(),
    async *readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent> {
      let read = 0;
      for await (const event of events.readAll(options)) {
        yield event;
        read += 1;
        if (!locked && read % 5 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
  const trackedModels: ReadModelStore = {
    checkpoint: (projection) => readModels.checkpoint(projection),
    get: <Row>(projection: string, key: string) => readModels.get<Row>(projection, key),
    list: <Row>(projection: string, partition?: string) => readModels.list<Row>(projection, partition),
    commit: (batches) => readModels.commit(batches),
    wipe: (projection) => readModels.wipe(projection),
    promote: (from, to) => readModels.promote(from, to),
    exclusively: (work) =>
      readModels.exclusively(async () => {
        locked = true;
        try {
          return await work();
        } finally {
          locked = false;
        }
      }),
    close: () => readModels.close(),
  };
  return { pacedEvents, trackedModels };
}

interface LiveSetup {
  readonly events: SqliteEventStore;
  readonly readModels: SqliteReadModelStore;
  readonly projector: Projector;
  readonly player: HistoryPlayer;
  caughtUp(): Promise<boolean>;
  close(): Promise<void>;
}

/** Event store and read models on one real SQLite file, each with its own connection, as the service runs them. */
function liveOnSqlite(): LiveSetup {
  const file = tempFile();
  const events = openSqliteEventStore(file);
  const readModels = new SqliteReadModelStore(file);
  const { pacedEvents, trackedModels } = readsGivingWay(events, readModels);
  const projector = new Projector(pacedEvents, trackedModels, ALL_PROJECTIONS, { batchSize: 7 });
  projector.start();
  return {
    events,
    readModels,
    projector,
    player: new HistoryPlayer(events),
    caughtUp: () => projector.waitFor(events.lastPosition(), 20_000),
    close: async () => {
      await projector.stop();
      readModels.close();
      await events.close();
    },
  };
}

async function playedLive(ops: readonly HistoryOp[]): Promise<LiveSetup> {
  const live = liveOnSqlite();
  await live.player.playAll([...warmUp, ...ops]);
  expect(await live.caughtUp()).toBe(true);
  return live;
}

describe('read models on a real SQLite file', () => {
  test.prop([history], { numRuns: RUNS })(
    'a rebuild from the log, elsewhere or in place, equals the read models built live',
    async (ops) => {
      const live = await playedLive(ops);
      try {
        const built = dump(live.readModels);
        const last = live.events.lastPosition();

        expect(await rebuiltFromScratch(live.events)).toEqual(built);
        // short of memory: rows written out every few events, later ones read back from the staging tables
        expect(await rebuiltFromScratch(live.events, { maxRowsInMemory: 4, rowsPerWrite: 3 })).toEqual(built);

        const rebuilt = await live.projector.rebuild();
        expect(rebuilt.position).toBe(last);
        expect(dump(live.readModels)).toEqual(built);
        for (const { name } of ALL_PROJECTIONS) expect(live.readModels.checkpoint(name)).toBe(last);
      } finally {
        await live.close();
      }
    },
    TIMEOUT_MS,
  );

  test.prop([history, history], { numRuns: RUNS })(
    'events appended while a rebuild runs are all in the read models once it is over',
    async (before, during) => {
      const live = await playedLive(before);
      try {
        const startedAt = live.events.lastPosition();
        const newcomer = new HistoryPlayer(live.events, 'j');

        const [rebuilt] = await Promise.all([
          live.projector.rebuild(),
          live.player.playAll(during),
          newcomer.playAll([...warmUp, ...during]),
        ]);
        expect(await live.caughtUp()).toBe(true);

        expect(rebuilt.position).toBeGreaterThan(startedAt); // appends did land while it ran
        expect(rebuilt.events).toBe(Number(rebuilt.position));
        expect(live.events.lastPosition()).toBe(BigInt(live.player.written + newcomer.written));
        for (const { name } of ALL_PROJECTIONS)
          expect(live.readModels.checkpoint(name)).toBe(live.events.lastPosition());
        expect(dump(live.readModels)).toEqual(await rebuiltFromScratch(live.events));
      } finally {
        await live.close();
      }
    },
    TIMEOUT_MS,
  );
});
