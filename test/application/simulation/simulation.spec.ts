import { beforeAll, describe, expect, it } from '@jest/globals';
import { formatSimulationReport } from '../../../src/adapters/cli/simulation-report.format.js';
import { simulateCampaign, type SimulationRun } from '../../../src/adapters/simulation/simulate-campaign.js';
import { loadSimulationProfile, type SimulationProfile } from '../../../src/adapters/simulation/simulation-profile.js';
import { AGENT_TIME_CAUSES } from '../../../src/application/simulation/agent-time.js';
import { generatedContacts } from '../../../src/application/simulation/simulation-plan.js';
import { CALL_OUTCOMES } from '../../../src/domain/dialing/outcome.mapping.js';

const HOUR_MS = 3_600_000;
const SMALL_DAY = { agents: 5, contacts: generatedContacts(300), hours: 2 };

function report(run: SimulationRun): string {
  return formatSimulationReport(run.result, { profile: 'default', seed: 42, timeZone: 'Asia/Kolkata', profileBound: run.profileBound, agentConflicts: run.agentConflicts });
}

describe('a small simulated day (5 agents, 300 contacts, 2 h, default profile)', () => {
  let profile: SimulationProfile;
  let first: SimulationRun;
  let second: SimulationRun;

  beforeAll(async () => {
    profile = await loadSimulationProfile('default');
    first = await simulateCampaign({ ...SMALL_DAY, profile, seed: 42 });
    second = await simulateCampaign({ ...SMALL_DAY, profile, seed: 42 });
  });

  it('plays the same day for the same seed, number for number and line for line', () => {
    expect(second.result).toEqual(first.result);
    expect(report(second)).toBe(report(first));
  });

  it('plays another day for another seed', async () => {
    const other = await simulateCampaign({ ...SMALL_DAY, profile, seed: 7 });
    expect(other.result.outcomes).not.toEqual(first.result.outcomes);
  });

  it('accounts for every contact: reached + exhausted + pending = contacts', () => {
    const { contacts } = first.result;
    expect(contacts.total).toBe(300);
    expect(contacts.otherDone).toBe(0);
    expect(contacts.reached + contacts.exhausted + contacts.pending).toBe(contacts.total);
    expect(contacts.reached).toBeGreaterThan(0);
  });

  it('accounts for every dial: dials = the sum of outcomes + calls still on at the end + rejected requests', () => {
    const { dials, outcomes, inProgressAtEnd, rejected } = first.result;
    const ended = CALL_OUTCOMES.reduce((sum, outcome) => sum + outcomes[outcome], 0);
    expect(dials).toBeGreaterThan(100);
    expect(dials).toBe(ended + inProgressAtEnd + rejected);
    expect(first.result.intervals.reduce((sum, interval) => sum + interval.dials, 0)).toBe(dials);
    expect(first.result.dialsPerAgentHour).toBeCloseTo(dials / (5 * 2), 9);
    expect(first.result.connectRate).toBeCloseTo(outcomes.connected / ended, 9);
  });

  it('accounts for every agent-hour, by cause, and the dialer itself leaves no agent idle', () => {
    const { agentTime, staffedMs, intervals } = first.result;
    const byCause = AGENT_TIME_CAUSES.reduce((sum, cause) => sum + agentTime[cause], 0);
    expect(staffedMs).toBe(5 * 2 * HOUR_MS);
    expect(byCause).toBe(staffedMs);
    expect(intervals).toHaveLength(8);
    expect(intervals.reduce((sum, interval) => sum + interval.busyMs + interval.idleMs, 0)).toBe(staffedMs);
    expect(agentTime.dialer).toBe(0);
    expect(first.agentConflicts).toBe(0);
    expect(first.result.dialerErrors).toEqual([]);
  });

  it('stays under the occupancy bound that ring, talk and wrap-up times set', () => {
    expect(first.result.occupancy).toBeGreaterThan(0.3);
    expect(first.result.occupancy).toBeLessThanOrEqual(first.result.occupancyBound + 0.01);
    expect(first.profileBound).toBeGreaterThan(0.8);
    expect(first.profileBound).toBeLessThan(1);
  });

  it('lets the supervisor ready every agent a missed call paused', () => {
    const missed = first.result.outcomes['agent-missed'];
    expect(missed).toBeGreaterThan(0);
    // an agent paused less than the ready delay before the end is still waiting
    expect(first.result.supervisorReadied).toBeGreaterThanOrEqual(missed - SMALL_DAY.agents);
    expect(first.result.supervisorReadied).toBeLessThanOrEqual(missed);
  });
});

describe('a simulated list that runs out', () => {
  it('finishes the list, says when, and leaves the agents idle for want of contacts afterwards', async () => {
    const profile = await loadSimulationProfile('default');
    const run = await simulateCampaign({ agents: 10, contacts: generatedContacts(40), hours: 2, profile, seed: 3, callbackFaults: false, settings: { retry: {} } });
    const { result } = run;
    expect(result.contacts.pending).toBe(0);
    expect(result.contacts.reached + result.contacts.exhausted).toBe(40);
    expect(result.finishedAtMs).toBeGreaterThan(result.startMs);
    expect(result.finishedAtMs).toBeLessThan(result.endMs);
    expect(result.agentTime['no-eligible-contact']).toBeGreaterThan(0);
    expect(result.agentTime['callback-wait']).toBe(0);
  });
});
