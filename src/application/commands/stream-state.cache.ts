import type { ExpectedRevision } from '../ports/event-store.port.js';

export interface CachedStream<Event, State> {
  readonly state: State;
  readonly expected: ExpectedRevision;
  /** The latest commands applied to the stream, with what they wrote: a retry gets the same answer. */
  readonly recentCommands: ReadonlyMap<string, { readonly events: readonly Event[]; readonly position: bigint }>;
  /** Every command id the stream has seen: an older retry is still recognised (answered without its events). */
  readonly seenCommands: Set<string>;
}

export const RECENT_COMMANDS_PER_STREAM = 32;

/**
 * Folded states of recently used streams (least recently used evicted). A stale entry is harmless: the append
 * fails on its expected revision and the handler catches up from there.
 */
export class StreamStateCache {
  private readonly entries = new Map<string, CachedStream<unknown, unknown>>();

  constructor(private readonly maxStreams = 50_000) {}

  get<Event, State>(streamId: string): CachedStream<Event, State> | undefined {
    const entry = this.entries.get(streamId);
    if (entry === undefined) return undefined;
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    return entry as CachedStream<Event, State>;
  }

  set<Event, State>(streamId: string, entry: CachedStream<Event, State>): void {
    this.entries.delete(streamId);
    this.entries.set(streamId, entry as CachedStream<unknown, unknown>);
    if (this.entries.size > this.maxStreams) this.entries.delete(this.entries.keys().next().value as string);
  }

  delete(streamId: string): void {
    this.entries.delete(streamId);
  }

  get size(): number {
    return this.entries.size;
  }
}

export function rememberCommand<Event>(
  recent: ReadonlyMap<string, { readonly events: readonly Event[]; readonly position: bigint }>,
  commandId: string,
  events: readonly Event[],
  position: bigint,
): Map<string, { readonly events: readonly Event[]; readonly position: bigint }> {
  const next = new Map(recent);
  const previous = next.get(commandId);
  next.set(commandId, { events: [...(previous?.events ?? []), ...events], position });
  while (next.size > RECENT_COMMANDS_PER_STREAM) next.delete(next.keys().next().value as string);
  return next;
}
