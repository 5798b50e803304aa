import type { Decider } from '../../domain/shared/decider.js';
import type { DialerEvent } from '../events/event-schemas.js';
import { WrongExpectedRevisionError, type EventStore } from '../ports/event-store.port.js';
import {
  MAX_DECIDE_ATTEMPTS,
  catchUp,
  decideOn,
  empty,
  handleCommand,
  recordAppended,
  type CommandContext,
  type CommandResult,
  type Decided,
  type HandleOptions,
} from './handle-command.js';

/** One command on one stream, as `handleCommand` takes it. */
export interface CommandOnStream {
  readonly decider: Decider<never, DialerEvent, unknown>;
  readonly streamId: string;
  readonly command: unknown;
  readonly context: CommandContext;
}

/**
 * Commands on different streams that belong together (reserve the agent and record the dial): each decided against
 * its own stream, then all stored in one transaction when the store can (`appendAtomically`: one commit and one
 * disk sync instead of one each, and no state where only the first is stored). A domain refusal of any of them
 * throws before anything is written. A store without atomic appends gets them one after the other, in order, as
 * separate `handleCommand`s (the first may then be stored without the second; callers handle that as before).
 * Results in the order given.
 */
export async function handleCommandsTogether(store: EventStore, commands: readonly CommandOnStream[], options: HandleOptions = {}): Promise<CommandResult<DialerEvent>[]> {
  const appendAtomically = store.appendAtomically?.bind(store);
  if (appendAtomically === undefined) {
    const results: CommandResult<DialerEvent>[] = [];
    for (const { decider, streamId, command, context } of commands) results.push(await handleCommand(store, decider as Decider<unknown, DialerEvent, unknown>, streamId, command, context, options));
    return results;
  }
  const deciders = commands.map(({ decider }) => decider as Decider<unknown, DialerEvent, unknown>);
  let known = commands.map(({ streamId }, i) => options.cache?.get<DialerEvent, unknown>(streamId) ?? empty(deciders[i]!));
  for (let attempt = 1; ; attempt += 1) {
    known = await Promise.all(commands.map(({ streamId }, i) => catchUp(store, deciders[i]!, streamId, known[i]!)));
    commands.forEach(({ streamId }, i) => options.cache?.set(streamId, known[i]!));
    const decided: Decided<DialerEvent>[] = commands.map(({ command, context }, i) => decideOn(known[i]!, deciders[i]!, command, context));
    const writes = decided.flatMap((d, i) => ('toAppend' in d ? [{ i, events: d.events, toAppend: d.toAppend }] : []));
    if (writes.length === 0) return decided.map((d) => ('result' in d ? d.result : { events: [], replayed: false }));
    try {
      const appended = await appendAtomically(writes.map(({ i, toAppend }) => ({ streamId: commands[i]!.streamId, events: toAppend, expectedRevision: known[i]!.expected })));
      const results = decided.map((d) => ('result' in d ? d.result : undefined));
      writes.forEach(({ i, events }, n) => {
        const { nextRevision, position } = appended[n]!;
        results[i] = recordAppended(options.cache, commands[i]!.streamId, known[i]!, deciders[i]!, events, commands[i]!.context.commandId, nextRevision, position);
      });
      return results as CommandResult<DialerEvent>[];
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_DECIDE_ATTEMPTS) throw error;
    }
  }
}
