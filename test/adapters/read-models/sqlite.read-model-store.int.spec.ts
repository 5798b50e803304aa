import { afterEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FALLBACK_AUTOCHECKPOINT_PAGES } from '../../../src/adapters/event-store/sqlite.checkpointer.js';
import { SqliteReadModelStore } from '../../../src/adapters/read-models/sqlite.read-model-store.js';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rm-store-'));
  dirs.push(dir);
  return join(dir, 'read-models.db');
}
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const rowsIn = (file: string) => (new Database(file, { readonly: true }).prepare('SELECT COUNT(*) AS n FROM read_models').get() as { n: number }).n;
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('SqliteReadModelStore', () => {
  it('checkpoints its WAL off the event loop from its first commit: a commit never copies the WAL into the file itself', async () => {
    const file = tempFile();
    const store = new SqliteReadModelStore(file);
    const padding = 'x'.repeat(3_000);
    // about 6 MB of rows: far past the 1,000 pages at which SQLite would otherwise checkpoint inside a commit
    for (let batch = 0; batch < 40; batch += 1) {
      store.commit([{ projection: 'queue', position: BigInt(batch), changes: Array.from({ length: 50 }, (_, n) => ({ key: `${batch}-${n}`, row: { padding } })) }]);
    }
    const probe = new Database(file, { readonly: true });
    try {
      expect(store['db'].pragma('wal_autocheckpoint', { simple: true })).toBe(FALLBACK_AUTOCHECKPOINT_PAGES);
      // the background thread copies everything into the file within about a second once it is up (slower on a loaded machine)
      const until = Date.now() + 10_000;
      while (statSync(file).size < 6_000_000 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(statSync(file).size).toBeGreaterThanOrEqual(6_000_000);
      expect((probe.prepare('SELECT COUNT(*) AS n FROM read_models').get() as { n: number }).n).toBe(2_000);
    } finally {
      probe.close();
      store.close();
    }
  });

  it("leaves checkpoints to the event store's checkpointer when told it shares that store's file", async () => {
    const file = tempFile();
    const store = new SqliteReadModelStore(file, { checkpointInBackground: false });
    const padding = 'x'.repeat(3_000);
    for (let batch = 0; batch < 20; batch += 1) {
      store.commit([{ projection: 'queue', position: BigInt(batch), changes: Array.from({ length: 50 }, (_, n) => ({ key: `${batch}-${n}`, row: { padding } })) }]);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    try {
      // about 3 MB committed, nothing copied into the file: no thread of its own, and far below the fallback
      expect(statSync(`${file}-wal`).size).toBeGreaterThan(3_000_000);
      expect(statSync(file).size).toBeLessThan(1_000_000);
    } finally {
      store.close();
    }
  });

  it('commits rows with their checkpoint and lists them by partition', () => {
    const store = new SqliteReadModelStore(tempFile());
    store.commit([{ projection: 'queue', position: 7n, changes: [{ key: 'a', row: { n: 1 }, partition: 'k1' }, { key: 'b', row: { n: 2 }, partition: 'k2' }] }]);
    expect(store.checkpoint('queue')).toBe(7n);
    expect(store.get('queue', 'a')).toEqual({ n: 1 });
    expect(store.list('queue', 'k2')).toEqual([{ n: 2 }]);
    store.commit([{ projection: 'queue', position: 8n, changes: [{ key: 'a', delete: true }] }]);
    expect(store.list('queue')).toEqual([{ n: 2 }]);
    store.close();
  });

  it('promotes a staged projection in one step and deletes the replaced rows afterwards', async () => {
    const file = tempFile();
    const store = new SqliteReadModelStore(file);
    store.commit([{ projection: 'queue', position: 5n, changes: Array.from({ length: 12_000 }, (_, i) => ({ key: `old-${i}`, row: { i } })) }]);
    store.commit([{ projection: 'queue~rebuild-x', position: 9n, changes: [{ key: 'new', row: { fresh: true } }] }]);
    store.promote('queue~rebuild-x', 'queue');
    expect(store.list('queue')).toEqual([{ fresh: true }]);
    expect(store.checkpoint('queue')).toBe(9n);
    expect(store.checkpoint('queue~rebuild-x')).toBeUndefined();
    for (let i = 0; i < 20 && rowsIn(file) > 1; i += 1) await settle();
    expect(rowsIn(file)).toBe(1);
    store.close();
  });

  it('sees a promotion made by another connection (another process) at its next checkpoint read', () => {
    const file = tempFile();
    const service = new SqliteReadModelStore(file);
    const cli = new SqliteReadModelStore(file);
    service.commit([{ projection: 'metrics', position: 1n, changes: [{ key: 'k', row: { v: 'old' } }] }]);
    cli.wipe('metrics~rebuild-y');
    cli.commit([{ projection: 'metrics~rebuild-y', position: 2n, changes: [{ key: 'k', row: { v: 'rebuilt' } }] }]);
    cli.promote('metrics~rebuild-y', 'metrics');
    expect(service.checkpoint('metrics')).toBe(2n);
    expect(service.get('metrics', 'k')).toEqual({ v: 'rebuilt' });
    service.close();
    cli.close();
  });
});
