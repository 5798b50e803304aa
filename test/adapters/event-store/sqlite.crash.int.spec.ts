import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { openSqliteEventStore } from '../../../src/adapters/event-store/sqlite.event-store.js';
import { type Ack, expectIntactLog, runAppendLoop } from './append-loop.process.js';

const folder = join(tmpdir(), `event-store-crash-${randomUUID()}`);

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('sqlite event store killed mid-append', () => {
  it('keeps every acknowledged append, without gaps, across three SIGKILLs at different moments', async () => {
    const file = join(folder, 'events.sqlite');
    const acknowledged: Ack[] = [];

    for (const [run, killAfterAcks] of [300, 650, 1_000].entries()) {
      acknowledged.push(...(await runAppendLoop(file, { writer: `run-${run}`, killAfterAcks })));

      const store = openSqliteEventStore(file);
      try {
        const stored = await expectIntactLog(store, acknowledged);
        expect(stored.length).toBeGreaterThanOrEqual(acknowledged.length);
      } finally {
        await store.close();
      }
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(1_950);
  });
});
