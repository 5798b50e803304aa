import { expect } from '@jest/globals';
import { fold, type Decider } from '../../src/domain/shared/decider.js';
import { DomainError } from '../../src/domain/shared/domain-error.js';

/**
 * given(events).when(command).then(events) — the decider's rules read as examples.
 * `thenThrows(code, field?)` checks the stable DomainError code (and the field a guard names).
 */
export function specFor<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return (history: readonly Event[]) => ({
    when: (command: Command) => {
      const run = () => decider.decide(command, fold(decider, history));
      return {
        then: (expected: readonly Event[]) => expect(run()).toEqual(expected),
        thenNothing: () => expect(run()).toEqual([]),
        thenThrows: (code: string, field?: string) => {
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(DomainError);
          expect((thrown as DomainError).code).toBe(code);
          if (field !== undefined) expect((thrown as DomainError).field).toBe(field);
        },
        /** The state after folding the history and the decided events. */
        thenState: (assert: (state: State) => void) => {
          const events = run();
          assert(fold(decider, [...history, ...events]));
        },
      };
    },
  });
}

/** Runs commands in order, skipping rejected ones (DomainError); anything else thrown is a bug. */
export function runAll<Command, Event, State>(decider: Decider<Command, Event, State>, commands: readonly Command[]) {
  let state = decider.initialState;
  const events: Event[] = [];
  const accepted: Command[] = [];
  for (const command of commands) {
    let decided: Event[];
    try {
      decided = decider.decide(command, state);
    } catch (error) {
      if (error instanceof DomainError) continue;
      throw error;
    }
    accepted.push(command);
    for (const event of decided) {
      events.push(event);
      state = decider.evolve(state, event);
    }
  }
  return { state, events, accepted };
}
