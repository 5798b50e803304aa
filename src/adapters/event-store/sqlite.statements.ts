import type Database from 'better-sqlite3';
import { type StoredPlace } from './append-rules.js';

export interface EventRow {
  readonly position: bigint;
  readonly id: string;
  readonly streamId: string;
  readonly revision: bigint;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly recordedAt: string;
}

export type EventStatements = ReturnType<typeof prepareEventStatements>;

const COLUMNS = `position, event_id AS id, stream_id AS streamId, revision, type, data, metadata,
  recorded_at AS recordedAt`;

/** Every query the store runs, prepared once; integers come back as bigints. */
export function prepareEventStatements(db: Database.Database) {
  const prepare = <Params extends unknown[], Row>(sql: string) =>
    db.prepare<Params, Row>(sql).safeIntegers(true);
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
    allAfter: prepare<[position: bigint, limit: number], EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
    ),
    streamForwards: prepare<[streamId: string, fromRevision: bigint, limit: number], EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
    ),
    streamBackwards: prepare<[streamId: string, fromRevision: bigint, limit: number], EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
    ),
    lastPosition: prepare<[], { position: bigint | null }>('SELECT MAX(position) AS position FROM events'),
  };
}
