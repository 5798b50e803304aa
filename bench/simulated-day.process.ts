// A simulated campaign day in a process of its own (clean heap, nothing else on the event loop):
//   simulated-day.process <agents> <contacts> <hours> <calls per minute | profile> <callback faults: on|off>
import { simulateCampaign } from '../src/adapters/simulation/simulate-campaign.js';
import { loadSimulationProfile } from '../src/adapters/simulation/simulation-profile.js';
import type { CauseTotals } from '../src/application/simulation/agent-time.js';
import { generatedContacts } from '../src/application/simulation/simulation-plan.js';
import { reportResult } from './child-process.js';

export interface SimulatedDayResult {
  readonly agents: number;
  readonly contacts: number;
  readonly hours: number;
  readonly callsPerMinute: number;
  readonly callbackFaults: boolean;
  readonly wallMs: number;
  /** CPU time of this process during the day (user + system): less sensitive to other work on the machine. */
  readonly cpuMs: number;
  readonly steps: number;
  readonly dials: number;
  readonly occupancy: number;
  readonly occupancyBound: number;
  readonly profileBound: number;
  readonly staffedMs: number;
  readonly agentTime: CauseTotals;
}

const [agentsText, contactsText, hoursText, rateText, faultsText] = process.argv.slice(2);
const profile = await loadSimulationProfile('default');
const cpuBefore = process.cpuUsage();
const run = await simulateCampaign({
  agents: Number(agentsText),
  contacts: generatedContacts(Number(contactsText)),
  hours: Number(hoursText),
  profile,
  seed: 42,
  callbackFaults: faultsText === 'on',
  ...(rateText === 'profile' ? {} : { callsPerMinute: Number(rateText) }),
});
const cpu = process.cpuUsage(cpuBefore);
const { result } = run;
const day: SimulatedDayResult = {
  agents: result.agents,
  contacts: result.contacts.total,
  hours: (result.endMs - result.startMs) / 3_600_000,
  callsPerMinute: result.callsPerMinute,
  callbackFaults: faultsText === 'on',
  wallMs: run.wallMs,
  cpuMs: (cpu.user + cpu.system) / 1000,
  steps: result.steps,
  dials: result.dials,
  occupancy: result.occupancy,
  occupancyBound: result.occupancyBound,
  profileBound: run.profileBound,
  staffedMs: result.staffedMs,
  agentTime: result.agentTime,
};
reportResult(day);
