import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { FALLBACK_AUTOCHECKPOINT_PAGES, WalCheckpointer } from '../event-store/sqlite.checkpointer.js';
import type { WriteHold } from '../event-store/sqlite.write-hold.js';
import { ProjectionConflictError, type ProjectionBatch, type ReadModelStore } from '../../application/ports/read-model-store.port.js';

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
  CREATE TABLE IF NOT EXISTS projection_tables (
    projection TEXT PRIMARY KEY,
    rows TEXT NOT NULL
  ) WITHOUT ROWID;
`;

const GARBAGE_CHUNK = 5000;

/**
 * Read models in SQLite: the event store's file when the store is SQLite (its own connection), else a local file.
 * Rows and checkpoints move in one transaction. Read models can always be rebuilt from the log, so commits use
 * synchronous=NORMAL: a power cut may lose the last batches, which are then simply applied again.
 *
 * A projection's rows live under a generated name (`projection_tables`), so promoting a rebuilt read model is one
 * small write, whatever its size; the replaced rows are deleted afterwards in short transactions.
 */
export class SqliteReadModelStore implements ReadModelStore {
  private readonly db: Database.Database;
  private readonly statements;
  private readonly tables = new Map<string, string>();
  private collecting = false;
  private checkpointer: WalCheckpointer | undefined;
  private readonly writeHold: WriteHold | undefined;
  /** A checkpointer of its own is still to start (with the first commit). */
  private checkpointerDue: boolean;

  /**
   * `checkpointInBackground: false` when the file is the SQLite event store's, whose own checkpointer covers it (two
   * would mean two database fsyncs a second where one does); `writeHold` then is that store's, which its checkpointer
   * holds while it finishes a pass (see `commitsHeld`).
   */
  constructor(file: string, options: { readonly checkpointInBackground?: boolean; readonly writeHold?: WriteHold } = {}) {
    this.checkpointerDue = options.checkpointInBackground !== false;
    this.writeHold = options.writeHold;
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    // a background checkpointer (this store's, or the event store's on its file) keeps the WAL small; this connection
    // checkpoints itself, on the event loop, only as a fallback
    this.db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
    this.db.exec(SCHEMA);
    this.statements = {
      checkpoint: this.db.prepare('SELECT position FROM projection_checkpoints WHERE projection = ?').safeIntegers(true),
      table: this.db.prepare('SELECT rows FROM projection_tables WHERE projection = ?'),
      setTable: this.db.prepare('INSERT INTO projection_tables (projection, rows) VALUES (?, ?) ON CONFLICT (projection) DO UPDATE SET rows = excluded.rows'),
      dropTable: this.db.prepare('DELETE FROM projection_tables WHERE projection = ?'),
      liveTables: this.db.prepare('SELECT rows FROM projection_tables'),
      storedTables: this.db.prepare('SELECT DISTINCT projection FROM read_models'),
      get: this.db.prepare('SELECT data FROM read_models WHERE projection = ? AND key = ?'),
      listAll: this.db.prepare('SELECT data FROM read_models WHERE projection = ? ORDER BY key'),
      listPartition: this.db.prepare('SELECT data FROM read_models WHERE projection = ? AND partition = ? ORDER BY key'),
      put: this.db.prepare('INSERT INTO read_models (projection, key, partition, data) VALUES (?, ?, ?, ?) ON CONFLICT (projection, key) DO UPDATE SET partition = excluded.partition, data = excluded.data'),
      delete: this.db.prepare('DELETE FROM read_models WHERE projection = ? AND key = ?'),
      deleteChunk: this.db.prepare('DELETE FROM read_models WHERE projection = ? AND key IN (SELECT key FROM read_models WHERE projection = ? LIMIT ?)'),
      setCheckpoint: this.db.prepare('INSERT INTO projection_checkpoints (projection, position) VALUES (?, ?) ON CONFLICT (projection) DO UPDATE SET position = excluded.position'),
      wipeCheckpoint: this.db.prepare('DELETE FROM projection_checkpoints WHERE projection = ?'),
    };
    this.collectGarbage();
  }

  /** Reads the projection's current row table afresh: another process may have promoted a rebuild. */
  checkpoint(projection: string): bigint | undefined {
    this.tables.delete(projection);
    const row = this.statements.checkpoint.get(projection) as { position: bigint } | undefined;
    return row?.position;
  }

  get<Row>(projection: string, key: string): Row | undefined {
    const row = this.statements.get.get(this.rowsOf(projection), key) as { data: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.data) as Row);
  }

  list<Row>(projection: string, partition?: string): Row[] {
    this.tables.delete(projection);
    const rows = this.rowsOf(projection);
    const found = (partition === undefined ? this.statements.listAll.all(rows) : this.statements.listPartition.all(rows, partition)) as { data: string }[];
    return found.map((row) => JSON.parse(row.data) as Row);
  }

  commit(batches: readonly ProjectionBatch[]): void {
    if (this.checkpointerDue) this.startCheckpointer();
    const write = this.db.transaction(() => {
      for (const { projection, changes, position, after } of batches) {
        if (after !== undefined) {
          // rows were read outside this transaction: another process may have projected the same events since
          const current = (this.statements.checkpoint.get(projection) as { position: bigint } | undefined)?.position ?? -1n;
          if (current !== after) throw new ProjectionConflictError(projection, after, current);
        }
        const rows = this.rowsOf(projection);
        for (const change of changes) {
          if ('delete' in change) this.statements.delete.run(rows, change.key);
          else this.statements.put.run(rows, change.key, change.partition ?? null, JSON.stringify(change.row));
        }
        this.statements.setCheckpoint.run(projection, position);
      }
    });
    if (this.db.inTransaction) write();
    else write.immediate();
  }

  /** Points the projection at a fresh, empty row table; the old rows are deleted in the background. */
  wipe(projection: string): void {
    this.db.transaction(() => {
      this.statements.setTable.run(projection, freshTable(projection));
      this.statements.wipeCheckpoint.run(projection);
    })();
    this.tables.delete(projection);
    this.collectGarbage();
  }

  promote(from: string, to: string): void {
    this.db.transaction(() => {
      const position = (this.statements.checkpoint.get(from) as { position: bigint } | undefined)?.position;
      this.statements.setTable.run(to, this.rowsOf(from));
      this.statements.dropTable.run(from);
      this.statements.wipeCheckpoint.run(from);
      if (position === undefined) this.statements.wipeCheckpoint.run(to);
      else this.statements.setCheckpoint.run(to, position);
    })();
    this.tables.delete(from);
    this.tables.delete(to);
    this.collectGarbage();
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
    } finally {
      this.collectGarbage();
    }
  }

  commitsHeld(): Promise<void> | undefined {
    return this.writeHold?.whenReleased();
  }

  close(): void {
    void this.checkpointer?.stop();
    if (this.db.open) this.db.close();
  }

  /**
   * Checkpoints off the event loop, as the event store's: left to this connection, SQLite checkpoints inside whichever
   * read-model commit finds the WAL past 1,000 pages (10–30 ms on the event loop, many times a second under a few
   * thousand callbacks a second: most of the projector's stalls).
   */
  private startCheckpointer(): void {
    this.checkpointerDue = false;
    if (this.db.memory || this.db.pragma('journal_mode', { simple: true }) !== 'wal') return;
    this.checkpointer = new WalCheckpointer(this.db);
  }

  private rowsOf(projection: string): string {
    const cached = this.tables.get(projection);
    if (cached !== undefined) return cached;
    const stored = (this.statements.table.get(projection) as { rows: string } | undefined)?.rows;
    // the first use of a projection keeps its own name as its row table
    const rows = stored ?? projection;
    if (stored === undefined) this.statements.setTable.run(projection, rows);
    this.tables.set(projection, rows);
    return rows;
  }

  /** Deletes rows no projection points at any more, a chunk per event-loop turn, outside any long transaction. */
  private collectGarbage(): void {
    if (this.collecting || this.db.inTransaction) return;
    this.collecting = true;
    const step = () => {
      if (!this.db.open || this.db.inTransaction) {
        this.collecting = false;
        return;
      }
      const live = new Set((this.statements.liveTables.all() as { rows: string }[]).map((r) => r.rows));
      const orphan = (this.statements.storedTables.all() as { projection: string }[]).map((r) => r.projection).find((name) => !live.has(name));
      if (orphan === undefined) {
        this.collecting = false;
        return;
      }
      this.statements.deleteChunk.run(orphan, orphan, GARBAGE_CHUNK);
      setImmediate(step);
    };
    setImmediate(step);
  }
}

function freshTable(projection: string): string {
  return `${projection}#${randomBytes(4).toString('hex')}`;
}
