import type { ProjectionBatch, ReadModelStore } from '../../application/ports/read-model-store.port.js';

interface Stored {
  readonly json: string;
  readonly partition?: string;
}

/** Read models in memory, for tests and simulations. Rows are stored as JSON so no caller can alias them. */
export class MemoryReadModelStore implements ReadModelStore {
  private readonly rows = new Map<string, Map<string, Stored>>();
  private readonly checkpoints = new Map<string, bigint>();

  checkpoint(projection: string): bigint | undefined {
    return this.checkpoints.get(projection);
  }

  get<Row>(projection: string, key: string): Row | undefined {
    const stored = this.rows.get(projection)?.get(key);
    return stored === undefined ? undefined : (JSON.parse(stored.json) as Row);
  }

  list<Row>(projection: string, partition?: string): Row[] {
    const table = this.rows.get(projection);
    if (table === undefined) return [];
    return [...table.entries()]
      .filter(([, stored]) => partition === undefined || stored.partition === partition)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, stored]) => JSON.parse(stored.json) as Row);
  }

  commit(batches: readonly ProjectionBatch[]): void {
    for (const { projection, changes, position } of batches) {
      let table = this.rows.get(projection);
      if (table === undefined) this.rows.set(projection, (table = new Map()));
      for (const change of changes) {
        if ('delete' in change) table.delete(change.key);
        else table.set(change.key, { json: JSON.stringify(change.row), ...(change.partition === undefined ? {} : { partition: change.partition }) });
      }
      this.checkpoints.set(projection, position);
    }
  }

  wipe(projection: string): void {
    this.rows.delete(projection);
    this.checkpoints.delete(projection);
  }

  promote(from: string, to: string): void {
    this.rows.set(to, this.rows.get(from) ?? new Map());
    this.rows.delete(from);
    const position = this.checkpoints.get(from);
    if (position === undefined) this.checkpoints.delete(to);
    else this.checkpoints.set(to, position);
    this.checkpoints.delete(from);
  }

  /** One process, one event loop: nothing else writes while `work` awaits only this store. */
  exclusively<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }

  close(): void {
    this.rows.clear();
  }
}
