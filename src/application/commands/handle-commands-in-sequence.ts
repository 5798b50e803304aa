import type { Decider } from '../../domain/shared/decider.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import type { DialerEvent } from '../events/event-schemas.js';
import { WrongExpectedRevisionError, type AppendResult, type EventStore, type NewEvent } from '../ports/event-store.port.js';
import type { CachedStream, RememberedCommand, StreamStateCache } from './stream-state.cache.js';
import {
  MAX_DECIDE_ATTEMPTS,
  caughtUp,
  decideOn,
  empty,
  recallCommand,
  recordAppended,
  type CommandContext,
  type CommandResult,
  type HandleOptions,
} from './handle-command.js';

/** A command's place in a sequence, and what became of it: its result, or the domain's refusal. */
export type SequencedOutcome<Event> = { readonly result: CommandResult<Event> } | { readonly refused: DomainError };

export interface SequencedCommand<Command> {
  readonly command: Command;
  readonly context: CommandContext;
}

/**
 * Commands for one stream that arrive together (a provider callback that reports a leg answered and the call ended):
 * each decided against the state the ones before it leave, exactly as one `handleCommand` after the other would
 * decide them, with the same event ids, and then all stored in one append (one commit and one disk sync instead
 * of one each). A command the domain refuses leaves the state as it was and the others go on; its outcome carries
 * the refusal. A cached stream is trusted as `handleCommand` trusts it. Outcomes in the order given.
 */
export async function handleCommandsInSequence<Command, Event extends DialerEvent, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  streamId: string,
  commands: readonly SequencedCommand<Command>[],
  options: HandleOptions = {},
): Promise<SequencedOutcome<Event>[]> {
  const untyped = decider as Decider<unknown, Event, State>;
  const cached = options.cache?.get<State>(streamId);
  let known = cached ?? empty(untyped);
  for (let attempt = 1, onCache = cached !== undefined; ; onCache = false) {
    if (!onCache) known = await caughtUp(store, untyped, streamId, known, options.cache);
    const decided = decideInTurn(known, untyped, commands);
    if (onCache && !standsOnCache(decided)) continue;
    if (decided.toAppend.length === 0) return recalledInTurn(store, streamId, known, commands, decided, decided.outcomes);
    try {
      const appended = await store.append(streamId, decided.toAppend, known.expected);
      return recalledInTurn(store, streamId, known, commands, decided, recordInTurn(options.cache, streamId, known, untyped, commands, decided, appended));
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_DECIDE_ATTEMPTS) throw error;
      attempt += 1;
    }
  }
}

/**
 * The outcomes, with each retry of a remembered command answered with what it wrote the first time (`recallCommand`);
 * at once, without a promise, when there is none (the usual case).
 */
export function recalledInTurn<Command, Event extends DialerEvent, State>(
  store: EventStore,
  streamId: string,
  known: CachedStream<State>,
  commands: readonly SequencedCommand<Command>[],
  decided: DecidedInTurn<Event>,
  outcomes: readonly (SequencedOutcome<Event> | undefined)[],
): SequencedOutcome<Event>[] | Promise<SequencedOutcome<Event>[]> {
  if (decided.recalls.length === 0) return outcomes as SequencedOutcome<Event>[];
  return (async () => {
    const all = [...outcomes];
    for (const { index, remembered } of decided.recalls)
      all[index] = { result: await recallCommand<Event>(store, streamId, commands[index]!.context.commandId, remembered, known.expected) };
    return all as SequencedOutcome<Event>[];
  })();
}

/**
 * Whether what was decided on a cached stream alone may go ahead without reading the store (see `handleCommand`):
 * every command either writes (its append checks the revision) or is a command the stream remembers (recalled, or
 * seen without its events).
 */
export function standsOnCache<Event>(decided: DecidedInTurn<Event>): boolean {
  return decided.outcomes.every((outcome) => outcome === undefined || ('result' in outcome && outcome.result.replayed));
}

/**
 * After the append of what `decideInTurn` decided: each writing command's events take the revisions after the ones
 * before it; the position of the last event stands for all of them (a query waiting for it also waits for the
 * earlier ones). Remembered for retries and cached as `recordAppended` does. Outcomes in the order given.
 */
export function recordInTurn<Command, Event extends DialerEvent, State>(
  cache: StreamStateCache | undefined,
  streamId: string,
  known: CachedStream<State>,
  decider: Decider<unknown, Event, State>,
  commands: readonly SequencedCommand<Command>[],
  decided: DecidedInTurn<Event>,
  appended: AppendResult,
): SequencedOutcome<Event>[] {
  const outcomes = [...decided.outcomes];
  let revision = appended.nextRevision - BigInt(decided.toAppend.length);
  let before = known;
  for (const { index, events } of decided.writes) {
    revision += BigInt(events.length);
    outcomes[index] = { result: recordAppended(cache, streamId, before, decider, events, commands[index]!.context.commandId, revision, appended.position) };
    before = { ...before, state: events.reduce(decider.evolve, before.state), expected: revision };
  }
  return outcomes as SequencedOutcome<Event>[];
}

export interface DecidedInTurn<Event> {
  /** Filled for the commands that write nothing; the writing ones once the append is stored, the recalled ones by `recalledInTurn`. */
  readonly outcomes: (SequencedOutcome<Event> | undefined)[];
  readonly writes: { readonly index: number; readonly events: readonly Event[] }[];
  /** Retries of commands the stream remembers. */
  readonly recalls: { readonly index: number; readonly remembered: RememberedCommand }[];
  readonly toAppend: NewEvent[];
}

/** Each command decided against the state the ones before it leave; a refusal is kept as its outcome. */
export function decideInTurn<Command, Event extends DialerEvent, State>(
  known: CachedStream<State>,
  decider: Decider<unknown, Event, State>,
  commands: readonly SequencedCommand<Command>[],
): DecidedInTurn<Event> {
  const decided: DecidedInTurn<Event> = { outcomes: [], writes: [], recalls: [], toAppend: [] };
  let state = known.state;
  commands.forEach(({ command, context }, index) => {
    let outcome;
    try {
      outcome = decideOn({ ...known, state }, decider, command, context);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      decided.outcomes[index] = { refused: error };
      return;
    }
    decided.outcomes[index] = undefined;
    if ('remembered' in outcome) {
      decided.recalls.push({ index, remembered: outcome.remembered });
      return;
    }
    if ('result' in outcome) {
      decided.outcomes[index] = { result: outcome.result };
      return;
    }
    decided.writes.push({ index, events: outcome.events });
    decided.toAppend.push(...outcome.toAppend);
    state = outcome.events.reduce(decider.evolve, state);
  });
  return decided;
}
