import type { Decider } from '../../domain/shared/decider.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import { decodeEvent, type DialerEvent } from '../events/event-schemas.js';
import { eventIdFor } from '../events/event-ids.js';
import {
  WrongExpectedRevisionError,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
} from '../ports/event-store.port.js';
import { rememberCommand, type CachedStream, type RememberedCommand, type StreamStateCache } from './stream-state.cache.js';

export interface CommandContext {
  /** Unique per request; a retried request with the same id never writes twice. */
  readonly commandId: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  /** Who asked (`api`, `dialer`, `webhook:exotel-v1`…), kept in metadata for the audit. */
  readonly actor?: string;
}

export interface CommandResult<Event> {
  readonly events: readonly Event[];
  /** Revision of the stream's last event after the command (undefined: the stream is still empty). */
  readonly revision?: bigint;
  /** Global position of the last event written (or written by an earlier try of this command). */
  readonly position?: bigint;
  /** The command had already been applied by an earlier try: nothing was written now. */
  readonly replayed: boolean;
}

export interface HandleOptions {
  readonly cache?: StreamStateCache;
}

export const MAX_DECIDE_ATTEMPTS = 5;

export const empty = <Event, State>(decider: Decider<unknown, Event, State>): CachedStream<State> => ({
  state: decider.initialState,
  expected: 'no_stream',
  recentCommands: new Map(),
  seenCommands: new Set(),
});

/** Folds whatever the stream holds after the cached revision (a new snapshot only when something was read). */
async function catchUp<Event extends DialerEvent, State>(
  store: EventStore,
  decider: Decider<unknown, Event, State>,
  streamId: string,
  from: CachedStream<State>,
): Promise<CachedStream<State>> {
  let { state, expected } = from;
  const { recentCommands, seenCommands } = from;
  const fromRevision = typeof expected === 'bigint' ? expected + 1n : 0n;
  let read = false;
  for await (const stored of store.readStream(streamId, { fromRevision })) {
    read = true;
    const event = decodeEvent(stored.type, stored.data) as Event | undefined;
    expected = stored.revision;
    if (event === undefined) continue;
    state = decider.evolve(state, event);
    const commandId = stored.metadata.commandId;
    if (typeof commandId === 'string') {
      rememberCommand(recentCommands, commandId, 1, stored.position, stored.revision);
      seenCommands.add(commandId);
    }
  }
  return read ? { state, expected, recentCommands, seenCommands } : from;
}

/** `catchUp`, with the result cached. */
export async function caughtUp<Event extends DialerEvent, State>(
  store: EventStore,
  decider: Decider<unknown, Event, State>,
  streamId: string,
  from: CachedStream<State>,
  cache: StreamStateCache | undefined,
): Promise<CachedStream<State>> {
  const current = await catchUp(store, decider, streamId, from);
  cache?.set(streamId, current);
  return current;
}

/** Folds a stream into the cache ahead of its first command, so that command skips the read (calls under way at start). */
export async function warmStream<Command, Event extends DialerEvent, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  streamId: string,
  cache: StreamStateCache,
): Promise<void> {
  const untyped = decider as Decider<unknown, Event, State>;
  await caughtUp(store, untyped, streamId, cache.get<State>(streamId) ?? empty(untyped), cache);
}

/**
 * Fold the stream, decide, append at the expected revision; on a concurrent write catch up and decide again
 * (bounded). Event ids derive from the command id, so retrying a command that was already stored is recognised and
 * answered with what it wrote the first time.
 *
 * A cached stream is decided on without reading the store first: a decision that writes is checked by the append's
 * expected revision, which a stale cache fails. A refusal or a decision to write nothing would go unchecked, so it
 * is decided again on what the store holds; a remembered command stands (the stream holds it, however stale the
 * rest of the cache).
 */
export async function handleCommand<Command, Event extends DialerEvent, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  streamId: string,
  command: Command,
  context: CommandContext,
  options: HandleOptions = {},
): Promise<CommandResult<Event>> {
  const untyped = decider as Decider<unknown, Event, State>;
  const cached = options.cache?.get<State>(streamId);
  let known = cached ?? empty(untyped);
  for (let attempt = 1, onCache = cached !== undefined; ; onCache = false) {
    if (!onCache) known = await caughtUp(store, untyped, streamId, known, options.cache);
    let decided: Decided<Event>;
    try {
      decided = decideOn(known, untyped, command, context);
    } catch (error) {
      if (onCache && error instanceof DomainError) continue;
      throw error;
    }
    if ('remembered' in decided) return recallCommand(store, streamId, context.commandId, decided.remembered, known.expected);
    if ('result' in decided) {
      if (onCache && !decided.result.replayed) continue;
      return decided.result;
    }
    try {
      const { nextRevision, position } = await store.append(streamId, decided.toAppend, known.expected);
      return recordAppended(options.cache, streamId, known, untyped, decided.events, context.commandId, nextRevision, position);
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_DECIDE_ATTEMPTS) throw error;
      attempt += 1;
    }
  }
}

export type Decided<Event> =
  | { readonly remembered: RememberedCommand }
  | { readonly result: CommandResult<Event> }
  | { readonly events: readonly Event[]; readonly toAppend: readonly NewEvent[] };

/** A retry of a command the stream remembers (`recallCommand` answers it), nothing to write, or the events to append. */
export function decideOn<Event extends DialerEvent, State>(
  known: CachedStream<State>,
  decider: Decider<unknown, Event, State>,
  command: unknown,
  context: CommandContext,
): Decided<Event> {
  const remembered = known.recentCommands.get(context.commandId);
  if (remembered !== undefined) return { remembered };
  if (known.seenCommands.has(context.commandId)) return { result: { events: [], ...revisionOf(known.expected), replayed: true } };
  const events = decider.decide(command, known.state);
  if (events.length === 0) return { result: { events, ...revisionOf(known.expected), replayed: false } };
  const metadata = metadataOf(context);
  return { events, toAppend: events.map((event, index): NewEvent => ({ id: eventIdFor(context.commandId, index), type: event.type, data: event.data, metadata })) };
}

/** After a successful append: remembered for retries, the new state cached, the result. */
export function recordAppended<Event extends DialerEvent, State>(
  cache: StreamStateCache | undefined,
  streamId: string,
  known: CachedStream<State>,
  decider: Decider<unknown, Event, State>,
  events: readonly Event[],
  commandId: string,
  nextRevision: bigint,
  position: bigint,
): CommandResult<Event> {
  known.seenCommands.add(commandId);
  rememberCommand(known.recentCommands, commandId, events.length, position, nextRevision);
  cache?.set(streamId, {
    state: events.reduce(decider.evolve, known.state),
    expected: nextRevision,
    recentCommands: known.recentCommands,
    seenCommands: known.seenCommands,
  });
  return { events, revision: nextRevision, position, replayed: false };
}

/** A retry of a remembered command, answered with what it wrote the first time (read back from its stream). */
export async function recallCommand<Event extends DialerEvent>(
  store: EventStore,
  streamId: string,
  commandId: string,
  remembered: RememberedCommand,
  expected: ExpectedRevision,
): Promise<CommandResult<Event>> {
  const events: Event[] = [];
  const maxCount = Number(remembered.revision - remembered.firstRevision) + 1;
  for await (const stored of store.readStream(streamId, { fromRevision: remembered.firstRevision, maxCount })) {
    if (stored.metadata.commandId !== commandId) continue;
    const event = decodeEvent(stored.type, stored.data) as Event | undefined;
    if (event !== undefined) events.push(event);
  }
  return { events, position: remembered.position, ...revisionOf(expected), replayed: true };
}

function metadataOf(context: CommandContext): EventMetadata {
  return {
    commandId: context.commandId,
    correlationId: context.correlationId ?? context.commandId,
    causationId: context.causationId ?? context.commandId,
    ...(context.actor === undefined ? {} : { actor: context.actor }),
  };
}

function revisionOf(expected: ExpectedRevision): { revision?: bigint } {
  return typeof expected === 'bigint' ? { revision: expected } : {};
}
