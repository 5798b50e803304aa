import type { EventStore } from '../../application/ports/event-store.port.js';

export interface LagReading {
  /** Events stored but not yet in every read model; when `capped`, at least this many. */
  readonly events: number;
  readonly capped: boolean;
  /** The position the read models must reach to take in everything counted. */
  readonly head?: bigint;
}

interface WithLastPosition {
  lastPosition(): bigint;
}

function hasLastPosition(store: EventStore): store is EventStore & WithLastPosition {
  return typeof (store as Partial<WithLastPosition>).lastPosition === 'function';
}

/**
 * How far the projector is behind the store. SQLite positions are dense (one per event), so the difference of the
 * store's last position and the projector's is the count. EventStoreDB positions are byte offsets (and the memory
 * store has no `lastPosition`), so there the events after the projector's position are counted, up to `cap` + 1.
 */
export async function projectionLag(store: EventStore, caughtUpTo: bigint, cap: number): Promise<LagReading> {
  if (hasLastPosition(store)) {
    const last = store.lastPosition();
    const from = caughtUpTo < 0n ? 0n : caughtUpTo;
    return { events: last > from ? Number(last - from) : 0, capped: false, head: last };
  }
  let events = 0;
  let head: bigint | undefined;
  for await (const event of store.readAll({
    ...(caughtUpTo < 0n ? {} : { fromPosition: caughtUpTo }),
    maxCount: cap + 1,
  })) {
    events += 1;
    head = event.position;
  }
  return { events, capped: events > cap, ...(head === undefined ? {} : { head }) };
}
