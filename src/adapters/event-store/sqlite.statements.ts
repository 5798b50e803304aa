import type Database from 'better-sqlite3';
import { type StoredPlace } from './append-rules.js';

/**
 * An event as its columns, in this order (raw rows: an array per row is cheaper to build than an object with
 * named fields, which matters when a replay reads a million of them).
 */
export type EventRecord = readonly [
  position: bigint,
  id: string,
  streamId: string,
  revision: bigint,
  type: string,
  data: string,
  metadata: string,
  recordedAt: string,
];

export type EventStatements = ReturnType<typeof prepareEventStatements>;

const COLUMNS = 'position, event_id, stream_id, revision, type, data, metadata, recorded_at';

/** Every query the store runs, prepared once; integers come back as bigints. */
export function prepareEventStatements(db: Database.Database) {
  const prepare = <Params extends unknown[], Row>(sql: string) =>
    db.prepare<Params, Row>(sql).safeIntegers(true);
  const records = <Params extends unknown[]>(sql: string) => prepare<Params, EventRecord>(sql).raw(true);
  return {
    lastRevision: prepare<[streamId: string], { revision: bigint | null }>(
      'SELECT MAX(revision) AS revision FROM events WHERE stream_id = ?',
    ),
    placeOf: prepare<[eventId: string], StoredPlace>(
      'SELECT stream_id AS streamId, revision, position FROM events WHERE event_id = ?',
    ),
    insert: prepare<
      [
        eventId: string,
        streamId: string,
        revision: bigint,
        type: string,
        data: string,
        metadata: string,
        at: string,
      ],
      never
    >(
      `INSERT INTO events (event_id, stream_id, revision, type, data, metadata, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    allAfter: records<[position: bigint, limit: number]>(
      `SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
    ),
    streamForwards: records<[streamId: string, fromRevision: bigint, limit: number]>(
      `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
    ),
    streamBackwards: records<[streamId: string, fromRevision: bigint, limit: number]>(
      `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
    ),
    lastPosition: prepare<[], { position: bigint | null }>('SELECT MAX(position) AS position FROM events'),
  };
}
