import { describe, expect, it } from '@jest/globals';
import { mapOutcome, type LegStatus } from '../../../src/domain/dialing/outcome.mapping.js';

describe('outcome mapping (PROVIDERS.md section 7)', () => {
  const cases: Array<[LegStatus, LegStatus, string, boolean]> = [
    ['completed', 'completed', 'connected', true],
    ['completed', 'busy', 'busy', true],
    ['completed', 'no-answer', 'no-answer', true],
    ['completed', 'failed', 'failed', true],
    ['completed', 'canceled', 'canceled', false],
    ['no-answer', 'none', 'agent-missed', false],
    ['busy', 'none', 'agent-missed', false],
    ['failed', 'none', 'agent-missed', false],
  ];
  it.each(cases)('agent %s + customer %s -> %s (counts: %s)', (agentLeg, customerLeg, outcome, counts) => {
    expect(mapOutcome({ agentLeg, customerLeg })).toEqual({ kind: 'outcome', outcome, counts });
  });

  it('asks call details when legs are missing and the overall status is no-answer', () => {
    expect(mapOutcome({ overallStatus: 'no-answer' })).toEqual({ kind: 'ask-details' });
  });

  it('treats a provider no-dial as a failure that does not count', () => {
    expect(mapOutcome({ overallStatus: 'no-dial', agentLeg: 'completed' })).toEqual({ kind: 'outcome', outcome: 'failed', counts: false });
  });

  it('reports a live leg as in progress', () => {
    expect(mapOutcome({ agentLeg: 'in-progress', customerLeg: 'none' })).toEqual({ kind: 'in-progress' });
  });
});
