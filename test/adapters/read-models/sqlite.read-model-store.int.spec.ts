import { afterEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
