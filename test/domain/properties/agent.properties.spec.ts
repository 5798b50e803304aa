import { describe, expect } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { agentDecider } from '../../../src/domain/agent/agent.decider.js';
import type { AgentCommand } from '../../../src/domain/agent/agent.commands.js';
import type { AgentEvent } from '../../../src/domain/agent/agent.events.js';
import type { AgentState } from '../../../src/domain/agent/agent.state.js';
import { stepThrough, timeline } from '../../support/decider-properties.js';

const T0 = '2026-03-02T04:30:00.000Z';
const attemptId = fc.constantFrom('att-1', 'att-2', 'att-3');

type Shape = AgentCommand extends infer C ? (C extends AgentCommand ? Omit<C, 'at' | 'agentId'> : never) : never;

const agentCommand: fc.Arbitrary<Shape> = fc.oneof(
  fc.constant({ type: 'RegisterAgent' as const, name: 'Asha', phone: '09876543210' }),
  fc.constant({ type: 'MakeAgentAvailable' as const }),
  fc.record({ type: fc.constant('PauseAgent' as const), reason: fc.constantFrom('break', 'training', 'missed-call') }),
  fc.constant({ type: 'LogoutAgent' as const }),
  fc.record({ type: fc.constant('ReserveAgent' as const), attemptId, contactId: fc.constantFrom('c1', 'c2'), campaignId: fc.constant('k1') }),
  fc.record({ type: fc.constant('ReleaseReservation' as const), attemptId, reason: fc.constant('contact-taken') }),
  fc.record({ type: fc.constant('ConnectAgent' as const), attemptId }),
  fc.record({ type: fc.constant('StartWrapUp' as const), attemptId, wrapUpSec: fc.integer({ min: 0, max: 120 }) }),
  fc.record({ type: fc.constant('EndWrapUp' as const), attemptId }),
  fc.record({ type: fc.constant('RecordMissedCall' as const), attemptId }),
);

const history = fc
  .array(fc.tuple(agentCommand, fc.integer({ min: 0, max: 600 })), { minLength: 5, maxLength: 60, size: 'max' })
  .map((steps) => {
    const times = timeline(T0, steps.map(([, gap]) => gap));
    return steps.map(([shape, _], i) => ({ ...shape, agentId: 'ag1', at: times[i]! }) as AgentCommand);
  });

const BUSY = new Set<AgentState['status']>(['reserved', 'on-call', 'wrap-up']);

/** The attempts the agent holds according to the events alone. */
function heldAttempts(events: readonly AgentEvent[]): number {
  let held = 0;
  let maxHeld = 0;
  for (const event of events) {
    if (event.type === 'AgentReserved') held += 1;
    if (['AgentReservationReleased', 'AgentBecameAvailable', 'AgentPaused', 'AgentLoggedOut'].includes(event.type)) held = 0;
    maxHeld = Math.max(maxHeld, held);
  }
  return maxHeld;
}

describe('agent decider properties', () => {
  test.prop([history], { numRuns: 1000 })('an agent never holds two reservations or calls', (commands) => {
    const { events } = stepThrough(agentDecider, commands, ({ before, events: decided }) => {
      if (decided.some((e) => e.type === 'AgentReserved')) expect(before.status).toBe('available');
    });
    expect(heldAttempts(events)).toBeLessThanOrEqual(1);
  });

  test.prop([history], { numRuns: 1000 })('a busy agent only changes through the attempt it holds', (commands) => {
    stepThrough(agentDecider, commands, ({ before, events: decided, after }) => {
      if (!BUSY.has(before.status) || !('attemptId' in before)) return;
      for (const event of decided) {
        if ('attemptId' in event.data) expect(event.data.attemptId).toBe(before.attemptId);
      }
      if ('attemptId' in after) expect(after.attemptId).toBe(before.attemptId);
    });
  });

  test.prop([history], { numRuns: 1000 })('a released reservation keeps the agent’s place in line', (commands) => {
    stepThrough(agentDecider, commands, ({ before, events: decided, after }) => {
      const releasedOnly = decided.length === 1 && decided[0]!.type === 'AgentReservationReleased';
      if (releasedOnly && before.status === 'reserved' && after.status === 'available') {
        expect(after.idleSince).toBe(before.idleSince);
      }
    });
  });

  test.prop([history], { numRuns: 1000 })('folding the stored events equals the incremental state; decide is deterministic', (commands) => {
    const { state, events } = stepThrough(agentDecider, commands);
    expect(events.reduce(agentDecider.evolve, agentDecider.initialState)).toEqual(state);
  });
});
