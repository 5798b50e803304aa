import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ProjectionBatch, ReadModelStore } from '../../application/ports/read-model-store.port.js';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS read_models (
    projection TEXT NOT NULL,
    key TEXT NOT NULL,
    partition TEXT,
    data TEXT NOT NULL,
    PRIMARY KEY (projection, key)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS read_models_by_partition ON read_models (projection, partition, key);
  CREATE TABLE IF NOT EXISTS projection_checkpoints (
    projection TEXT PRIMARY KEY,
    position INTEGER NOT NULL
  ) WITHOUT ROWID;
`;

/**
 * Read models in SQLite: the event store's file when the store is SQLite (its own connection), else a local file.
 * Rows and checkpoints move in one transaction. Read models can always be rebuilt from the log, so commits use
 * synchronous=NORMAL: a power cut may lose the last batches, which are then simply applied again.
 */
export class SqliteReadModelStore implements ReadModelStore {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.statements = {
      checkpoint: this.db.prepare('SELECT position FROM projection_checkpoints WHERE projection = ?').safeIntegers(true),
      get: this.db.prepare('SELECT data FROM read_models WHERE projection = ? AND key = ?'),
      listAll: this.db.prepare('SELECT data FROM read_models WHERE projection = ? ORDER BY key'),
      listPartition: this.db.prepare('SELECT data FROM read_models WHERE projection = ? AND partition = ? ORDER BY key'),
      put: this.db.prepare('INSERT INTO read_models (projection, key, partition, data) VALUES (?, ?, ?, ?) ON CONFLICT (projection, key) DO UPDATE SET partition = excluded.partition, data = excluded.data'),
      delete: this.db.prepare('DELETE FROM read_models WHERE projection = ? AND key = ?'),
      setCheckpoint: this.db.prepare('INSERT INTO projection_checkpoints (projection, position) VALUES (?, ?) ON CONFLICT (projection) DO UPDATE SET position = excluded.position'),
      wipeRows: this.db.prepare('DELETE FROM read_models WHERE projection = ?'),
      wipeCheckpoint: this.db.prepare('DELETE FROM projection_checkpoints WHERE projection = ?'),
      renameRows: this.db.prepare('UPDATE read_models SET projection = ? WHERE projection = ?'),
      renameCheckpoint: this.db.prepare('UPDATE projection_checkpoints SET projection = ? WHERE projection = ?'),
    };
  }

  checkpoint(projection: string): bigint | undefined {
    const row = this.statements.checkpoint.get(projection) as { position: bigint } | undefined;
    return row?.position;
  }

  get<Row>(projection: string, key: string): Row | undefined {
    const row = this.statements.get.get(projection, key) as { data: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.data) as Row);
  }

  list<Row>(projection: string, partition?: string): Row[] {
    const rows = (partition === undefined ? this.statements.listAll.all(projection) : this.statements.listPartition.all(projection, partition)) as { data: string }[];
    return rows.map((row) => JSON.parse(row.data) as Row);
  }

  commit(batches: readonly ProjectionBatch[]): void {
    const write = this.db.transaction(() => {
      for (const { projection, changes, position } of batches) {
        for (const change of changes) {
          if ('delete' in change) this.statements.delete.run(projection, change.key);
          else this.statements.put.run(projection, change.key, change.partition ?? null, JSON.stringify(change.row));
        }
        this.statements.setCheckpoint.run(projection, position);
      }
    });
    if (this.db.inTransaction) write();
    else write.immediate();
  }

  wipe(projection: string): void {
    this.db.transaction(() => {
      this.statements.wipeRows.run(projection);
      this.statements.wipeCheckpoint.run(projection);
    })();
  }

  promote(from: string, to: string): void {
    this.db.transaction(() => {
      this.statements.wipeRows.run(to);
      this.statements.wipeCheckpoint.run(to);
      this.statements.renameRows.run(to, from);
      this.statements.renameCheckpoint.run(to, from);
    })();
  }

  async exclusively<T>(work: () => Promise<T>): Promise<T> {
    if (this.db.inTransaction) return work();
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = await work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
