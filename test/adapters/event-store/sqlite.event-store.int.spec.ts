import { randomUUID } from 'node:crypto';
import { existsSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { FALLBACK_AUTOCHECKPOINT_PAGES } from '../../../src/adapters/event-store/sqlite.checkpointer.js';
import {
  openSqliteEventStore,
  type SqliteEventStore,
} from '../../../src/adapters/event-store/sqlite.event-store.js';
import {
  type StoredEvent,
  WrongExpectedRevisionError,
} from '../../../src/application/ports/event-store.port.js';
import { eventStoreContract } from './event-store.contract.js';
import {
  anEvent,
  appendWithRetry,
  collect,
  newStreamId,
  rejectionOf,
  waitUntil,
} from './event-store.helpers.js';

const folders: string[] = [];

/** A file two folders deep in a fresh temp folder, so opening also has to create folders. */
function tempFile(): string {
  const folder = join(tmpdir(), `event-store-${randomUUID()}`);
  folders.push(folder);
  return join(folder, 'data', 'events.sqlite');
}

afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

eventStoreContract('sqlite', async () => openSqliteEventStore(tempFile()));

describe('sqlite event store', () => {
  const opened: SqliteEventStore[] = [];
  const open = (file: string, pollIntervalMs?: number, checkpointIntervalMs?: number) => {
    const store = openSqliteEventStore(file, { ...(pollIntervalMs === undefined ? {} : { pollIntervalMs }), ...(checkpointIntervalMs === undefined ? {} : { checkpointIntervalMs }) });
    opened.push(store);
    return store;
  };

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  it('creates its file and folders and opens it durably: WAL, synchronous FULL, 5 s busy timeout', () => {
    const file = tempFile();

    const store = open(file);

    expect(existsSync(file)).toBe(true);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('reports the last position, 0n when empty, and keeps events across a reopen', async () => {
    const file = tempFile();
    const first = open(file);
    expect(first.lastPosition()).toBe(0n);
    const streamId = newStreamId();
    const result = await first.append(streamId, [anEvent(), anEvent()], 'no_stream');
    expect(first.lastPosition()).toBe(result.position);
    await first.close();

    const reopened = open(file);

    expect(reopened.lastPosition()).toBe(result.position);
    expect((await collect(reopened.readStream(streamId))).map((event) => event.revision)).toEqual([0n, 1n]);
  });

  it('reads past its page size without losing or repeating an event', async () => {
    const store = open(tempFile());
    const streamId = newStreamId();
    for (let batch = 0; batch < 5; batch += 1) {
      const events = Array.from({ length: 500 }, (_, n) => anEvent('Counted', { n: batch * 500 + n }));
      await store.append(streamId, events, batch === 0 ? 'no_stream' : BigInt(batch * 500 - 1));
    }
    const seen: StoredEvent[] = [];

    const forwards = await collect(store.readStream(streamId));
    const backwards = await collect(
      store.readStream(streamId, { direction: 'backwards', fromRevision: 2_200n }),
    );
    const all = await collect(store.readAll());
    const limited = await collect(store.readAll({ fromPosition: 100n, maxCount: 1_500 }));
    const subscription = store.subscribeToAll({ onEvent: (event) => void seen.push(event) });
    await waitUntil(() => seen.length === 2_500);
    await subscription.close();

    const counting = (from: number, length: number, step = 1) =>
      Array.from({ length }, (_, index) => BigInt(from + index * step));
    expect(forwards.map((event) => event.revision)).toEqual(counting(0, 2_500));
    expect(backwards.map((event) => event.revision)).toEqual(counting(2_200, 2_201, -1));
    expect(all.map((event) => event.position)).toEqual(counting(1, 2_500));
    expect(limited.map((event) => event.position)).toEqual(counting(101, 1_500));
    expect(seen.map((event) => event.position)).toEqual(counting(1, 2_500));
  });

  it('wakes its own subscriptions on append rather than waiting for the poll', async () => {
    const store = open(tempFile(), 60_000);
    const seen: StoredEvent[] = [];
    const subscription = store.subscribeToAll({ onEvent: (event) => void seen.push(event) });

    await store.append(newStreamId(), [anEvent()], 'no_stream');

    await waitUntil(() => seen.length === 1, 2_000);
    await subscription.close();
  });

  it('stops its subscriptions and releases the file on close', async () => {
    const store = open(tempFile());
    const seen: StoredEvent[] = [];
    store.subscribeToAll({ onEvent: (event) => void seen.push(event) });
    await store.append(newStreamId(), [anEvent()], 'no_stream');
    await waitUntil(() => seen.length === 1);

    await store.close();

    expect(store.db.open).toBe(false);
    expect(seen).toHaveLength(1);
  });

  it('reads the log in pages, as readAll does, with metadata read on demand', async () => {
    const store = open(tempFile());
    const [a, b] = [newStreamId(), newStreamId()];
    await store.append(a, [anEvent('One', { n: 1 }, { commandId: 'c1' }), anEvent('Two', { n: 2 })], 'no_stream');
    await store.append(b, Array.from({ length: 7 }, (_, n) => anEvent('Counted', { n }, { correlationId: `k${n}` })), 'no_stream');
    const fields = (event: StoredEvent) => ({
      id: event.id,
      type: event.type,
      data: event.data,
      metadata: event.metadata,
      streamId: event.streamId,
      revision: event.revision,
      position: event.position,
      recordedAt: event.recordedAt,
    });

    const pages = await collect(store.readAllInPages({ pageSize: 4 }));
    const after = await collect(store.readAllInPages({ fromPosition: 2n, maxCount: 5, pageSize: 3 }));

    expect(pages.map((page) => page.length)).toEqual([4, 4, 1]);
    expect(pages.flat().map(fields)).toEqual((await collect(store.readAll())).map(fields));
    expect(after.map((page) => page.length)).toEqual([3, 2]);
    expect(after.flat().map(fields)).toEqual((await collect(store.readAll({ fromPosition: 2n, maxCount: 5 }))).map(fields));
    expect(await collect(store.readAllInPages({ fromPosition: 9n }))).toEqual([]);
  });

  it('refuses an append at the right revision whose event id is stored elsewhere, and writes none of it', async () => {
    const store = open(tempFile());
    const [first, second] = [newStreamId(), newStreamId()];
    const taken = anEvent();
    await store.append(first, [taken], 'no_stream');
    await store.append(second, [anEvent()], 'no_stream');

    const refused = await rejectionOf(store.append(second, [anEvent(), taken], 0n));

    expect(refused).toBeInstanceOf(WrongExpectedRevisionError);
    expect(refused).toMatchObject({ streamId: second, expected: 0n, actual: 0n });
    expect((await collect(store.readStream(second))).map((event) => event.revision)).toEqual([0n]);
    expect(store.lastPosition()).toBe(2n);
  });

  const writePaddedBatches = async (store: SqliteEventStore, batches: number, pauseMs: number) => {
    const streamId = newStreamId();
    const padding = 'x'.repeat(4_000);
    let expected: bigint | 'no_stream' = 'no_stream';
    for (let batch = 0; batch < batches; batch += 1) {
      const events = Array.from({ length: 50 }, (_, n) => anEvent('Padded', { n, padding }));
      expected = (await store.append(streamId, events, expected)).nextRevision;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
    return streamId;
  };

  /** Size of the database file itself once the checkpointer has copied at least `bytes` into it (or the timeout). */
  const databaseSizeOnceAtLeast = async (file: string, bytes: number, timeoutMs: number) => {
    const until = Date.now() + timeoutMs;
    while (statSync(file).size < bytes && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
    return statSync(file).size;
  };

  /** The checkpointer's thread starts with the first append; on a loaded machine that takes a while. */
  const checkpointerRunning = async (store: SqliteEventStore, file: string) => {
    await writePaddedBatches(store, 1, 0);
    expect(await databaseSizeOnceAtLeast(file, 200_000, 10_000)).toBeGreaterThanOrEqual(200_000);
  };

  /** A store on a file of its own whose WAL never starts over: what the same writes leave without checkpoints. */
  const neverCheckpointed = () => {
    const file = tempFile();
    const store = openSqliteEventStore(file, { checkpointInBackground: false });
    store.db.pragma('wal_autocheckpoint = 0');
    opened.push(store);
    return { file, store };
  };

  it('checkpoints the WAL in the background, so it stays small while the store writes', async () => {
    const file = tempFile();
    const store = open(file, undefined, 20);
    await checkpointerRunning(store, file);
    const never = neverCheckpointed();
    // about 12 MB in all, far below the store's own (fallback) auto-checkpoint: only the thread can start the WAL over;
    // the pauses leave it room to catch up, which it must do now and then for the WAL to start over
    const [streamId] = await Promise.all([writePaddedBatches(store, 60, 20), writePaddedBatches(never.store, 60, 20)]);

    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(FALLBACK_AUTOCHECKPOINT_PAGES);
    expect(await databaseSizeOnceAtLeast(file, 12_200_000, 5_000)).toBeGreaterThanOrEqual(12_200_000);
    // started over while the store wrote (how often depends on the machine's load): never all of it at once
    expect(statSync(`${file}-wal`).size).toBeLessThan(statSync(`${never.file}-wal`).size * 0.75);
    expect((await collect(store.readStream(streamId))).length).toBe(3_000);
  });

  it("starts the WAL over under writes that never pause, without leaving it to SQLite's checkpoint inside a commit", async () => {
    const file = tempFile();
    const store = open(file, undefined, 100);
    await checkpointerRunning(store, file);
    const streamId = newStreamId();
    const padding = 'x'.repeat(1_000);
    let expected: bigint | 'no_stream' = 'no_stream';
    let largestWal = 0;
    // about 30 MB, one append straight after another: the thread's passes never find the WAL all copied
    for (let batch = 0; batch < 1_000; batch += 1) {
      const events = Array.from({ length: 30 }, (_, n) => anEvent('Padded', { n, padding }));
      expected = (await store.append(streamId, events, expected)).nextRevision;
      if (batch % 50 === 0) largestWal = Math.max(largestWal, statSync(`${file}-wal`).size);
    }

    expect(await databaseSizeOnceAtLeast(file, 30_000_000, 5_000)).toBeGreaterThanOrEqual(30_000_000);
    // far below the fallback (200 MB), and below what was written: the WAL was started over again and again
    expect(Math.max(largestWal, statSync(`${file}-wal`).size)).toBeLessThan(60_000_000);
    // by finishing passes that held the writes for a moment each, and counted them
    const holds = store.writeHolds();
    expect(holds.count).toBeGreaterThan(0);
    expect(holds.longestMs).toBeGreaterThan(0);
    expect(holds.totalMs).toBeGreaterThanOrEqual(holds.longestMs);
  });

  it('holds no writes once they stop: a WAL all copied starts over with the next write by itself', async () => {
    const file = tempFile();
    const store = open(file, undefined, 50);
    await checkpointerRunning(store, file);
    // about 12 MB in one go, past the 2,000 frames beyond which the thread makes sure the WAL starts over
    await writePaddedBatches(store, 60, 0);

    // once the passes have copied it all, nothing more is held (every pass used to hold the writes again until the
    // next write came): a stretch of 6 passes without a hold, looked for over at most 3 s
    const quietFor = async (ms: number) => {
      const before = store.writeHolds().count;
      await new Promise((resolve) => setTimeout(resolve, ms));
      return store.writeHolds().count === before;
    };
    let quiet = false;
    for (let tries = 0; tries < 10 && !quiet; tries += 1) quiet = await quietFor(300);
    expect(quiet).toBe(true);
    expect(store.db.pragma('wal_checkpoint(PASSIVE)')).toEqual([expect.objectContaining({ busy: 0 })]);
    await store.append(newStreamId(), [anEvent()], 'no_stream');
    // the write started the WAL over: it holds that one append's frames
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
    expect((store.db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]!.log).toBeLessThan(100);
  });

  it('checkpoints once a second by default: the WAL holds about a second of writes, not everything written', async () => {
    const file = tempFile();
    const store = open(file);
    await checkpointerRunning(store, file);
    const never = neverCheckpointed();
    // about 2 MB a second for 4 s: 8 MB in all
    await Promise.all([writePaddedBatches(store, 40, 100), writePaddedBatches(never.store, 40, 100)]);

    expect(await databaseSizeOnceAtLeast(file, 8_200_000, 5_000)).toBeGreaterThanOrEqual(8_200_000);
    // a second or two of writes (how many depends on the machine's load), not all four
    expect(statSync(`${file}-wal`).size).toBeLessThan(statSync(`${never.file}-wal`).size * 0.75);
  });

  it('answers an empty read past the end of a stream, and a missing stream, without rows', async () => {
    const store = open(tempFile());
    const streamId = newStreamId();
    await store.append(streamId, [anEvent(), anEvent()], 'no_stream');

    expect(await collect(store.readStream(streamId, { fromRevision: 2n }))).toEqual([]);
    expect((await collect(store.readStream(streamId, { fromRevision: 1n }))).map((event) => event.revision)).toEqual([1n]);
    expect(await collect(store.readStream(newStreamId()))).toEqual([]);
  });

  describe('two stores on one file, as two processes would be', () => {
    it("delivers both stores' events to a subscription in order, once each, when their appends interleave", async () => {
      const file = tempFile();
      const [mine, other] = [open(file, 10), open(file)];
      const seen: StoredEvent[] = [];
      const subscription = mine.subscribeToAll({ onEvent: (event) => void seen.push(event) });
      const [a, b] = [newStreamId(), newStreamId()];

      let expectedA: bigint | 'no_stream' = 'no_stream';
      let expectedB: bigint | 'no_stream' = 'no_stream';
      for (let round = 0; round < 30; round += 1) {
        expectedA = (await mine.append(a, [anEvent('Mine', { round })], expectedA)).nextRevision;
        if (round % 3 !== 0) expectedB = (await other.append(b, [anEvent('Other', { round }), anEvent('Other', { round })], expectedB)).nextRevision;
      }

      const total = Number(mine.lastPosition());
      await waitUntil(() => seen.length >= total);
      await subscription.close();
      expect(seen.map((event) => event.position)).toEqual(Array.from({ length: total }, (_, index) => BigInt(index + 1)));
      expect(seen.map((event) => event.id)).toEqual((await collect(mine.readAll())).map((event) => event.id));
    });


    it('polls the file, so a subscription sees what the other store appended', async () => {
      const file = tempFile();
      const writer = open(file);
      const reader = open(file, 20);
      const seen: StoredEvent[] = [];
      const subscription = reader.subscribeToAll({ onEvent: (event) => void seen.push(event) });
      const streamId = newStreamId();

      const result = await writer.append(streamId, [anEvent(), anEvent()], 'no_stream');

      await waitUntil(() => seen.length === 2);
      await subscription.close();
      expect(seen.map((event) => event.streamId)).toEqual([streamId, streamId]);
      expect(seen[1]!.position).toBe(result.position);
    });

    it('serialises conflicting writes: one wins, the other learns the actual revision', async () => {
      const file = tempFile();
      const [left, right] = [open(file), open(file)];
      const streamId = newStreamId();
      await left.append(streamId, [anEvent()], 'no_stream');
      const leftEvent = anEvent();

      const won = await left.append(streamId, [leftEvent], 0n);
      const lost = await rejectionOf(right.append(streamId, [anEvent()], 0n));
      const retried = await right.append(streamId, [leftEvent], 0n);

      expect(lost).toBeInstanceOf(WrongExpectedRevisionError);
      expect(lost).toMatchObject({ streamId, expected: 0n, actual: 1n });
      expect(retried).toEqual(won);
    });

    it('gives appenders spread over both stores contiguous revisions', async () => {
      const file = tempFile();
      const stores = [open(file), open(file)];
      const streamId = newStreamId();
      const events = Array.from({ length: 20 }, (_, appender) => anEvent('Appended', { appender }));

      await Promise.all(events.map((event, index) => appendWithRetry(stores[index % 2]!, streamId, event)));

      const read = await collect(stores[0]!.readStream(streamId));
      expect(read.map((event) => event.revision)).toEqual(
        Array.from({ length: 20 }, (_, index) => BigInt(index)),
      );
      expect(read.map((event) => event.id).sort()).toEqual(events.map((event) => event.id).sort());
    });
  });
});
