import { decodeEvent } from '../events/event-schemas.js';
import type { StoredEvent } from '../ports/event-store.port.js';
import type { ProjectionBatch, ReadModelStore, RowChange } from '../ports/read-model-store.port.js';
import type { Projection } from './projection.js';

const DELETED = Symbol('deleted');

/**
 * Runs stored events through projections and commits rows and checkpoints in one transaction. Events at or
 * before a projection's checkpoint are skipped, so delivering an event twice changes nothing.
 */
export function applyEvents(readModels: ReadModelStore, projections: readonly Projection[], events: readonly StoredEvent[]): void {
  if (events.length === 0) return;
  const last = events[events.length - 1]!.position;
  const decoded = events.map((stored) => ({ stored, event: decodeEvent(stored.type, stored.data) }));
  const batches: ProjectionBatch[] = [];
  for (const projection of projections) {
    const checkpoint = readModels.checkpoint(projection.name) ?? -1n;
    if (checkpoint >= last) continue;
    const overlay = new Map<string, RowChange | typeof DELETED>();
    const view = {
      get: (key: string) => {
        const change = overlay.get(key);
        if (change === DELETED) return undefined;
        if (change !== undefined && 'row' in change) return change.row;
        return readModels.get(projection.name, key);
      },
    };
    for (const { stored, event } of decoded) {
      if (stored.position <= checkpoint || event === undefined || !projection.handles.has(event.type)) continue;
      const projected = { event, position: stored.position, streamId: stored.streamId, recordedAt: stored.recordedAt, metadata: stored.metadata };
      for (const change of projection.apply(projected, view)) overlay.set(change.key, 'delete' in change ? DELETED : change);
    }
    const changes = [...overlay.entries()].map(([key, change]): RowChange => (change === DELETED ? { key, delete: true } : change));
    batches.push({ projection: projection.name, changes, position: last, after: checkpoint });
  }
  if (batches.length > 0) readModels.commit(batches);
}
