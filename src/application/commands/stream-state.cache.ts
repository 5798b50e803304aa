import type { ExpectedRevision } from '../ports/event-store.port.js';

export interface RememberedCommand<Event> {
  readonly events: readonly Event[];
  readonly position: bigint;
  /** Stream revision of the command's last event remembered so far. */
  readonly revision: bigint;
}

export interface CachedStream<Event, State> {
  readonly state: State;
  readonly expected: ExpectedRevision;
  /**
   * The latest commands applied to the stream, with what they wrote: a retry gets the same answer. Updated in place
   * (one map per stream, shared by the stream's snapshots, like `seenCommands`): copying it per command was most of
   * the command path's garbage.
   */
  readonly recentCommands: Map<string, RememberedCommand<Event>>;
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
  private readonly entries = new Map<string, { entry: CachedStream<unknown, unknown>; used: boolean }>();

  constructor(private readonly maxStreams = 50_000) {}

  get<Event, State>(streamId: string): CachedStream<Event, State> | undefined {
    const slot = this.entries.get(streamId);
    if (slot === undefined) return undefined;
    slot.used = true;
    return slot.entry as CachedStream<Event, State>;
  }

  set<Event, State>(streamId: string, entry: CachedStream<Event, State>): void {
    const slot = this.entries.get(streamId);
    if (slot !== undefined) {
      slot.entry = entry as CachedStream<unknown, unknown>;
      slot.used = true;
      return;
    }
    this.entries.set(streamId, { entry: entry as CachedStream<unknown, unknown>, used: false });
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
 * Records what a command wrote, in place, keeping the latest RECENT_COMMANDS_PER_STREAM commands. Idempotent per
 * stream revision: an event already remembered (a snapshot that catches up over its own stream's newer writes) is
 * not added twice.
 */
export function rememberCommand<Event>(
  recent: Map<string, RememberedCommand<Event>>,
  commandId: string,
  events: readonly Event[],
  position: bigint,
  revision: bigint,
): void {
  const previous = recent.get(commandId);
  if (previous !== undefined && previous.revision >= revision) return;
  if (previous === undefined) {
    recent.set(commandId, { events, position, revision });
    while (recent.size > RECENT_COMMANDS_PER_STREAM) recent.delete(recent.keys().next().value as string);
    return;
  }
  recent.set(commandId, { events: [...previous.events, ...events], position, revision });
}
