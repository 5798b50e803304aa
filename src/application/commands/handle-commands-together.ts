import type { Decider } from '../../domain/shared/decider.js';
import type { DialerEvent } from '../events/event-schemas.js';
import { WrongExpectedRevisionError, type EventStore } from '../ports/event-store.port.js';
import {
  MAX_DECIDE_ATTEMPTS,
  caughtUp,
  empty,
  handleCommand,
  type CommandContext,
  type CommandResult,
  type HandleOptions,
} from './handle-command.js';
import {
  decideInTurn,
  recalledInTurn,
  recordInTurn,
  standsOnCache,
  type SequencedCommand,
  type SequencedOutcome,
} from './handle-commands-in-sequence.js';

/** One command on one stream, as `handleCommand` takes it. */
export interface CommandOnStream {
  readonly decider: Decider<never, DialerEvent, unknown>;
  readonly streamId: string;
  readonly command: unknown;
  readonly context: CommandContext;
}

/**
 * Commands that belong together (end an agent's wrap-up and reserve them, and record the dial): the commands for
 * one stream decided one after the other against the state the ones before leave (as `handleCommandsInSequence`),
 * each stream against its own, then all stored in one transaction when the store can (`appendAtomically`: one
 * commit and one disk sync instead of one each, and no state where only the first is stored). Cached streams are
 * trusted as `handleCommand` trusts them (all of them cached, or all read). A domain refusal of any of them throws
 * before anything is written. A store without atomic appends gets them one after the other, in order, as separate
 * `handleCommand`s (the first may then be stored without the second; callers handle that as before). Results in
 * the order given.
 */
export async function handleCommandsTogether(store: EventStore, commands: readonly CommandOnStream[], options: HandleOptions = {}): Promise<CommandResult<DialerEvent>[]> {
  const appendAtomically = store.appendAtomically?.bind(store);
  if (appendAtomically === undefined) {
    const results: CommandResult<DialerEvent>[] = [];
    for (const { decider, streamId, command, context } of commands) results.push(await handleCommand(store, decider as Decider<unknown, DialerEvent, unknown>, streamId, command, context, options));
    return results;
  }
  const streams = byStream(commands);
  const cached = streams.map(({ streamId }) => options.cache?.get<unknown>(streamId));
  let known = streams.map(({ decider }, i) => cached[i] ?? empty(decider));
  for (let attempt = 1, onCache = cached.every((entry) => entry !== undefined); ; onCache = false) {
    if (!onCache) known = await Promise.all(streams.map(({ streamId, decider }, i) => caughtUp(store, decider, streamId, known[i]!, options.cache)));
    const decided = streams.map(({ decider, commands: own }, i) => decideInTurn(known[i]!, decider, own));
    if (onCache && !decided.every(standsOnCache)) continue;
    const refusal = decided.flatMap((d) => d.outcomes).find((outcome) => outcome !== undefined && 'refused' in outcome);
    if (refusal !== undefined && 'refused' in refusal) throw refusal.refused;
    const own = decided.map((d) => d.outcomes);
    const writes = decided.flatMap((d, i) => (d.toAppend.length > 0 ? [i] : []));
    if (writes.length > 0) {
      try {
        const appended = await appendAtomically(writes.map((i) => ({ streamId: streams[i]!.streamId, events: decided[i]!.toAppend, expectedRevision: known[i]!.expected })));
        writes.forEach((i, n) => (own[i] = recordInTurn(options.cache, streams[i]!.streamId, known[i]!, streams[i]!.decider, streams[i]!.commands, decided[i]!, appended[n]!)));
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_DECIDE_ATTEMPTS) throw error;
        attempt += 1;
        continue;
      }
    }
    const outcomes = new Array<SequencedOutcome<DialerEvent> | undefined>(commands.length);
    for (const [i, { streamId, commands: sequence, indexes }] of streams.entries()) {
      const recalled = recalledInTurn(store, streamId, known[i]!, sequence, decided[i]!, own[i]!);
      (Array.isArray(recalled) ? recalled : await recalled).forEach((outcome, n) => (outcomes[indexes[n]!] = outcome));
    }
    return outcomes.map((outcome) => (outcome !== undefined && 'result' in outcome ? outcome.result : { events: [], replayed: false }));
  }
}

interface StreamCommands {
  readonly streamId: string;
  readonly decider: Decider<unknown, DialerEvent, unknown>;
  readonly commands: SequencedCommand<unknown>[];
  /** Where each of `commands` stands in the list given. */
  readonly indexes: number[];
}

/** The commands grouped by stream, streams in the order they first appear, each stream's commands in order. */
function byStream(commands: readonly CommandOnStream[]): StreamCommands[] {
  const streams = new Map<string, StreamCommands>();
  commands.forEach(({ decider, streamId, command, context }, index) => {
    let stream = streams.get(streamId);
    if (stream === undefined) {
      stream = { streamId, decider: decider as Decider<unknown, DialerEvent, unknown>, commands: [], indexes: [] };
      streams.set(streamId, stream);
    }
    stream.commands.push({ command, context });
    stream.indexes.push(index);
  });
  return [...streams.values()];
}
