import type { Decider } from '../../../domain/shared/decider.js';
import type { CommandContext, CommandResult } from '../../commands/handle-command.js';
import { eventIdFor } from '../../events/event-ids.js';
import {
  WrongExpectedRevisionError,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
} from '../../ports/event-store.port.js';
import type { Decode } from './load-stream.js';

const MAX_TRIES = 5;

interface Folded<Event, State> {
  state: State;
  expected: ExpectedRevision;
  earlier?: { events: Event[]; position: bigint };
}

async function fold<Event, State>(
  store: EventStore,
  decider: Decider<unknown, Event, State>,
  decode: Decode<Event>,
  streamId: string,
  commandId: string,
): Promise<Folded<Event, State>> {
  const folded: Folded<Event, State> = { state: decider.initialState, expected: 'no_stream' };
  for await (const stored of store.readStream(streamId)) {
    folded.expected = stored.revision;
    const event = decode(stored.type, stored.data);
    if (event === undefined) continue;
    folded.state = decider.evolve(folded.state, event);
    if (stored.metadata.commandId === commandId)
      folded.earlier = { events: [...(folded.earlier?.events ?? []), event], position: stored.position };
  }
  return folded;
}

/**
 * `handleCommand` for streams whose events are not (yet) in the dialer's event registry, such as `dnc-*`:
 * read and fold with the given decoder, decide, append at the expected revision with event ids derived from
 * the command id (a retried command writes nothing and answers what it wrote the first time).
 */
export async function decideAndAppend<Command, Event extends { type: string; data: unknown }, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  decode: Decode<Event>,
  streamId: string,
  command: Command,
  context: CommandContext,
): Promise<CommandResult<Event> & { readonly state: State }> {
  const untyped = decider as Decider<unknown, Event, State>;
  for (let attempt = 1; ; attempt += 1) {
    const { state, expected, earlier } = await fold(store, untyped, decode, streamId, context.commandId);
    const revision = typeof expected === 'bigint' ? { revision: expected } : {};
    if (earlier !== undefined)
      return { events: earlier.events, position: earlier.position, ...revision, replayed: true, state };
    const events = decider.decide(command, state);
    if (events.length === 0) return { events, ...revision, replayed: false, state };
    const metadata = {
      commandId: context.commandId,
      correlationId: context.correlationId ?? context.commandId,
      causationId: context.causationId ?? context.commandId,
      ...(context.actor === undefined ? {} : { actor: context.actor }),
    };
    const toAppend = events.map((event, index): NewEvent => ({
      id: eventIdFor(context.commandId, index),
      type: event.type,
      data: event.data,
      metadata,
    }));
    try {
      const { nextRevision, position } = await store.append(streamId, toAppend, expected);
      return {
        events,
        revision: nextRevision,
        position,
        replayed: false,
        state: events.reduce(decider.evolve, state),
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_TRIES) throw error;
    }
  }
}
