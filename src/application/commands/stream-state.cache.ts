import type { ExpectedRevision } from '../ports/event-store.port.js';

/**
 * Where a command's events are in its stream, not the events themselves: a retry is rare, and reads them back
 * (`recallCommand`), while holding the events of every cached stream's latest commands was most of the live heap.
 */
export interface RememberedCommand {
  readonly position: bigint;
  /** Stream revisions of the command's first and last events remembered so far. */
  readonly firstRevision: bigint;
  readonly revision: bigint;
}

export interface CachedStream<State> {
  readonly state: State;
  readonly expected: ExpectedRevision;
  /**
   * The latest commands applied to the stream, with what they wrote: a retry gets the same answer. Updated in place
   * (one map per stream, shared by the stream's snapshots, like `seenCommands`): copying it per command was most of
   * the command path's garbage.
   */
  readonly recentCommands: Map<string, RememberedCommand>;
  /** Every command id the stream has seen: an older retry is still recognised (answered without its events). */
  readonly seenCommands: Set<string>;
}

export const RECENT_COMMANDS_PER_STREAM = 32;

/**
 * Folded states of recently used streams. When full, a stream not used since the eviction pass last looked at it is
 * evicted (second chance, an approximation of least recently used that costs a flag per use rather than a Map
 * reorder). A stale entry is harmless: the append fails on its expected revision and the handler catches up.
 */
export class StreamStateCache {
  private readonly entries = new Map<string, { entry: CachedStream<unknown>; used: boolean }>();

  constructor(private readonly maxStreams = 50_000) {}

  get<State>(streamId: string): CachedStream<State> | undefined {
    const slot = this.entries.get(streamId);
    if (slot === undefined) return undefined;
    slot.used = true;
    return slot.entry as CachedStream<State>;
  }

  set<State>(streamId: string, entry: CachedStream<State>): void {
    const slot = this.entries.get(streamId);
    if (slot !== undefined) {
      slot.entry = entry as CachedStream<unknown>;
      slot.used = true;
      return;
    }
    this.entries.set(streamId, { entry: entry as CachedStream<unknown>, used: false });
    if (this.entries.size > this.maxStreams) this.evictOne();
  }

  delete(streamId: string): void {
    this.entries.delete(streamId);
  }

  get size(): number {
    return this.entries.size;
  }

  get capacity(): number {
    return this.maxStreams;
  }

  /** Oldest first; a stream used since it was last looked at goes to the back once (its flag cleared). */
  private evictOne(): void {
    for (const [streamId, slot] of this.entries) {
      this.entries.delete(streamId);
      if (!slot.used) return;
      slot.used = false;
      this.entries.set(streamId, slot);
    }
  }
}

/**
 * Records where a command's `eventCount` events, the last at `revision`, were written, in place, keeping the latest
 * RECENT_COMMANDS_PER_STREAM commands. Idempotent per stream revision: an event already remembered (a snapshot that
 * catches up over its own stream's newer writes) is not added twice.
 */
export function rememberCommand(
  recent: Map<string, RememberedCommand>,
  commandId: string,
  eventCount: number,
  position: bigint,
  revision: bigint,
): void {
  const previous = recent.get(commandId);
  if (previous !== undefined && previous.revision >= revision) return;
  if (previous === undefined) {
    recent.set(commandId, { position, firstRevision: revision - BigInt(eventCount) + 1n, revision });
    while (recent.size > RECENT_COMMANDS_PER_STREAM) recent.delete(recent.keys().next().value as string);
    return;
  }
  recent.set(commandId, { position, firstRevision: previous.firstRevision, revision });
}
