import { describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { TransactionBatcher } from '../../../src/adapters/event-store/sqlite.transaction-batcher.js';
import { WriteHold } from '../../../src/adapters/event-store/sqlite.write-hold.js';

function database() {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE rows (n INTEGER NOT NULL)');
  const insert = db.prepare('INSERT INTO rows (n) VALUES (?)');
  const count = () => (db.prepare('SELECT COUNT(*) AS n FROM rows').get() as { n: number }).n;
  return { db, insert, count };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('transaction batcher', () => {
  it('commits work queued in one turn of the event loop, each piece in its own savepoint, settling with its own outcome', async () => {
    const { db, insert, count } = database();
    const batcher = new TransactionBatcher(db);
    const piece = (n: number) => () => {
      insert.run(n);
      if (n === 2) throw new Error('piece 2 fails');
      return n;
    };

    const outcomes = await Promise.allSettled([1, 2, 3].map((n) => batcher.run(piece(n))));

    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // piece 2's savepoint was undone; the others were kept
    expect(db.prepare('SELECT n FROM rows ORDER BY n').pluck().all()).toEqual([1, 3]);
    expect(count()).toBe(2);
  });

  it('starts no transaction while its writes are held, then commits what waited once they are released', async () => {
    const { db, insert, count } = database();
    const hold = new WriteHold();
    const batcher = new TransactionBatcher(db, hold);
    const ran: number[] = [];
    const release = hold.hold();

    const written = [1, 2, 3].map((n) => batcher.run(() => (ran.push(n), insert.run(n), n)));
    const drained = batcher.drain();
    for (let i = 0; i < 5; i += 1) await turn();
    expect(ran).toEqual([]);
    expect(count()).toBe(0);

    release();
    expect(await Promise.all(written)).toEqual([1, 2, 3]);
    await drained;
    expect(count()).toBe(3);
  });

  it('holds again only until released again; a second release of the same hold does nothing', async () => {
    const hold = new WriteHold();
    expect(hold.held).toBe(false);
    expect(hold.whenReleased()).toBeUndefined();
    const first = hold.hold();
    expect(hold.hold()).toBe(first);
    const released = hold.whenReleased();
    expect(hold.held).toBe(true);
    first();
    await released;
    expect(hold.held).toBe(false);
    const second = hold.hold();
    first();
    expect(hold.held).toBe(true);
    second();
    expect(hold.held).toBe(false);
  });
});
