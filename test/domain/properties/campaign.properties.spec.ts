import { describe, expect } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { campaignDecider } from '../../../src/domain/campaign/campaign.decider.js';
import type { CampaignCommand } from '../../../src/domain/campaign/campaign.commands.js';
import type { CampaignStatus } from '../../../src/domain/campaign/campaign.state.js';
import { stepThrough, timeline } from '../../support/decider-properties.js';

const T0 = '2026-03-02T04:30:00.000Z';

const shape = fc.oneof(
  fc.constant({ type: 'CreateCampaign' as const, settings: { name: 'Renewals', callerId: '08047112233' } }),
  fc.record({ type: fc.constant('UpdateCampaign' as const), changes: fc.record({ wrapUpSec: fc.integer({ min: -5, max: 60 }), ringTimeoutSec: fc.integer({ min: 1, max: 60 }) }, { requiredKeys: [] }) }),
  fc.constant({ type: 'StartCampaign' as const }),
  fc.record({ type: fc.constant('PauseCampaign' as const), reason: fc.constantFrom('operator', 'provider:unauthorized') }),
  fc.constant({ type: 'ResumeCampaign' as const }),
  fc.constant({ type: 'StopCampaign' as const }),
  fc.constant({ type: 'CompleteCampaign' as const }),
  fc.record({ type: fc.constantFrom('AssignAgent' as const, 'UnassignAgent' as const), agentId: fc.constantFrom('ag1', 'ag2', 'ag3') }),
);

const history = fc.array(fc.tuple(shape, fc.integer({ min: 0, max: 3600 })), { minLength: 5, maxLength: 50, size: 'max' }).map((steps) => {
  const times = timeline(T0, steps.map(([, gap]) => gap));
  return steps.map(([s], i) => ({ ...s, campaignId: 'k1', at: times[i]! }) as CampaignCommand);
});

const ALLOWED: Record<CampaignStatus | 'none', readonly (CampaignStatus | 'none')[]> = {
  none: ['none', 'draft'],
  draft: ['draft', 'running', 'stopped'],
  running: ['running', 'paused', 'stopped', 'completed'],
  paused: ['paused', 'running', 'stopped', 'completed'],
  stopped: ['stopped'],
  completed: ['completed'],
};

describe('campaign decider properties', () => {
  test.prop([history], { numRuns: 1000 })('status only moves along draft → running ⇄ paused → stopped, running or paused → completed', (commands) => {
    stepThrough(campaignDecider, commands, ({ before, after }) => {
      expect(ALLOWED[before.status]).toContain(after.status);
    });
  });

  test.prop([history], { numRuns: 1000 })('settings always pass the guards and agents are assigned at most once', (commands) => {
    const { state } = stepThrough(campaignDecider, commands);
    if (state.status === 'none') return;
    expect(state.settings.wrapUpSec).toBeGreaterThanOrEqual(0);
    expect(state.settings.ringTimeoutSec).toBeGreaterThanOrEqual(5);
    expect(new Set(state.agentIds).size).toBe(state.agentIds.length);
  });

  test.prop([history], { numRuns: 1000 })('folding the stored events equals the incremental state; decide is deterministic', (commands) => {
    const { state, events } = stepThrough(campaignDecider, commands);
    expect(events.reduce(campaignDecider.evolve, campaignDecider.initialState)).toEqual(state);
  });
});
