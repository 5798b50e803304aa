import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { openSqliteEventStore } from '../../../src/adapters/event-store/sqlite.event-store.js';
import { expectIntactLog, runAppendLoop } from './append-loop.process.js';

const folder = join(tmpdir(), `event-store-processes-${randomUUID()}`);

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('sqlite event store shared by two processes', () => {
  it('serialises their appends to the same streams: every one stored once, revisions contiguous', async () => {
    const file = join(folder, 'events.sqlite');

    const [left, right] = await Promise.all([
      runAppendLoop(file, { writer: 'left', count: 400 }),
      runAppendLoop(file, { writer: 'right', count: 400 }),
    ]);

    const store = openSqliteEventStore(file);
    try {
      const stored = await expectIntactLog(store, [...left, ...right]);
      expect(left).toHaveLength(400);
      expect(right).toHaveLength(400);
      expect(stored).toHaveLength(800);
      expect(new Set(stored.map((event) => (event.data as { writer: string }).writer))).toEqual(
        new Set(['left', 'right']),
      );
    } finally {
      await store.close();
    }
  });
});
