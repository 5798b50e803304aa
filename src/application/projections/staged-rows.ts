import { decodeEvent } from '../events/event-schemas.js';
import type { StoredEvent } from '../ports/event-store.port.js';
import type { ReadModelStore, RowChange } from '../ports/read-model-store.port.js';
import type { ProjectedEvent, Projection, RowView } from './projection.js';

const DELETED = Symbol('deleted');

type Staged = RowChange | typeof DELETED;

interface Table {
  readonly projection: Projection;
  readonly rows: Map<string, Staged>;
  readonly view: RowView<unknown>;
  /** Checkpoint of what the store holds for this table (-1: nothing written yet). */
  written: bigint;
}

/**
 * A rebuild's rows in memory: projections read and write a Map per table instead of the store, and the rows go to
 * the store together at the end (`writeOut`). Once rows have been written, a row not in memory is read from the
 * store, so `writeOut` can also be used to bound memory in the middle of a replay.
 */
export class StagedRows {
  private readonly tables: Table[];
  private spilled = false;

  constructor(
    private readonly readModels: ReadModelStore,
    projections: readonly Projection[],
  ) {
    this.tables = projections.map((projection) => {
      const rows = new Map<string, Staged>();
      const view: RowView<unknown> = {
        get: (key) => {
          const staged = rows.get(key);
          if (staged === DELETED) return undefined;
          if (staged !== undefined) return (staged as { row: unknown }).row;
          return this.spilled ? readModels.get(projection.name, key) : undefined;
        },
      };
      return { projection, rows, view, written: -1n };
    });
  }

  /** Rows held in memory, over every table. */
  get size(): number {
    let size = 0;
    for (const table of this.tables) size += table.rows.size;
    return size;
  }

  /** Runs events (in position order, after everything applied so far) through every projection. */
  apply(events: readonly StoredEvent[]): void {
    const tables = this.tables;
    for (const stored of events) {
      const event = decodeEvent(stored.type, stored.data);
      if (event === undefined) continue;
      let projected: ProjectedEvent | undefined;
      for (const table of tables) {
        if (!table.projection.handles.has(event.type)) continue;
        projected ??= new Projected(event, stored);
        for (const change of table.projection.apply(projected, table.view)) {
          table.rows.set(change.key, 'delete' in change ? DELETED : change);
        }
      }
    }
  }

  /**
   * Writes every row in memory to the store, `rowsPerWrite` per transaction, calling `between` after each; the last
   * transaction of each table moves its checkpoint to `position` (earlier ones keep the checkpoint of what the table
   * held before). Memory is emptied.
   */
  async writeOut(position: bigint, rowsPerWrite: number, between: () => Promise<void>): Promise<void> {
    const size = Math.max(1, rowsPerWrite);
    for (const table of this.tables) {
      const name = table.projection.name;
      // in key order: the store's B-tree then fills page after page instead of splitting pages all over
      const entries = [...table.rows].sort(byKey);
      table.rows.clear();
      let start = 0;
      do {
        const chunk = entries.slice(start, start + size);
        start += size;
        const last = start >= entries.length;
        const changes = chunk.map(([key, staged]): RowChange => (staged === DELETED ? { key, delete: true } : staged));
        this.readModels.commit([{ projection: name, changes, position: last ? position : table.written }]);
        if (!last) await between();
      } while (start < entries.length);
      table.written = position;
    }
    this.spilled = true;
  }
}

const byKey = ([a]: readonly [string, Staged], [b]: readonly [string, Staged]): number => (a < b ? -1 : a > b ? 1 : 0);

/** The event as projections see it; `metadata` is read from the stored event only if a projection asks. */
class Projected implements ProjectedEvent {
  readonly position: bigint;
  readonly streamId: string;
  readonly recordedAt: string;

  constructor(
    readonly event: ProjectedEvent['event'],
    private readonly stored: StoredEvent,
  ) {
    this.position = stored.position;
    this.streamId = stored.streamId;
    this.recordedAt = stored.recordedAt;
  }

  get metadata(): ProjectedEvent['metadata'] {
    return this.stored.metadata;
  }
}
