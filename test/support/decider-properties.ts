import { expect } from '@jest/globals';
import { fold, type Decider } from '../../src/domain/shared/decider.js';
import { DomainError } from '../../src/domain/shared/domain-error.js';

export interface Step<Command, Event, State> {
  readonly before: State;
  readonly command: Command;
  readonly events: readonly Event[];
  readonly after: State;
}

/**
 * Feeds commands one by one (rejected ones are skipped; a function is resolved against the current state, so a
 * generated step can address "the open attempt"), checks at every step that `decide` is deterministic,
 * lets the caller check invariants, and at the end that folding the stored (JSON round-tripped) events from the
 * initial state gives the incrementally evolved state.
 */
export function stepThrough<Command, Event, State>(
  decider: Decider<Command, Event, State>,
  commands: readonly (Command | ((state: State) => Command))[],
  onStep: (step: Step<Command, Event, State>) => void = () => undefined,
): { state: State; events: Event[]; rejected: number } {
  let state = decider.initialState;
  const events: Event[] = [];
  let rejected = 0;
  for (const next of commands) {
    const command = typeof next === 'function' ? (next as (state: State) => Command)(state) : next;
    let decided: Event[];
    try {
      decided = decider.decide(command, state);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      rejected += 1;
      continue;
    }
    expect(decider.decide(command, state)).toEqual(decided);
    const after = decided.reduce(decider.evolve, state);
    onStep({ before: state, command, events: decided, after });
    events.push(...decided);
    state = after;
  }
  const stored = JSON.parse(JSON.stringify(events)) as Event[];
  expect(fold(decider, stored)).toEqual(state);
  return { state, events, rejected };
}

/** Instants a few seconds to hours apart, in order, from a fixed start. */
export function timeline(start: string, gapsSec: readonly number[]): string[] {
  let ms = Date.parse(start);
  return gapsSec.map((gap) => {
    ms += gap * 1000;
    return new Date(ms).toISOString();
  });
}
