import { DateTime } from 'luxon';
import { AGENT_TIME_CAUSES, CAUSE_LABELS, WORK_CAUSES } from '../../application/simulation/agent-time.js';
import type { SimulationResult } from '../../application/simulation/simulation-result.js';
import { CALL_OUTCOMES } from '../../domain/dialing/outcome.mapping.js';

const HOUR_MS = 3_600_000;

export const count = (n: number) => Math.round(n).toLocaleString('en-US');
export const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

/** `7 h 05 m` */
export function hoursAndMinutes(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} m`;
}

export function localTime(ms: number, timeZone: string): string {
  return DateTime.fromMillis(ms, { zone: timeZone }).toFormat('ccc d LLL HH:mm');
}

/** When the list was (or would be) done, measured from the start of the day. */
export function timeToFinish(result: SimulationResult, timeZone: string): string {
  if (result.finishedAtMs !== undefined) {
    return `${hoursAndMinutes(result.finishedAtMs - result.startMs)} (last contact done ${localTime(result.finishedAtMs, timeZone)})`;
  }
  if (result.projectedFinishMs !== undefined) {
    return `not within the day; about ${hoursAndMinutes(result.projectedFinishMs - result.startMs)} of dialling at this day's pace`;
  }
  return 'not within the day (nothing finished to project from)';
}

export interface ReportHeading {
  readonly profile: string;
  readonly seed: number;
  readonly timeZone: string;
  readonly profileBound: number;
  readonly agentConflicts: number;
  /** Left out where the output must not vary between runs (tests). */
  readonly wallMs?: number;
  readonly svgFile?: string;
}

/** The day in plain text: contacts, calls, and where the agents' time went. */
export function formatSimulationReport(result: SimulationResult, heading: ReportHeading): string {
  const { contacts, outcomes } = result;
  const hours = (result.endMs - result.startMs) / HOUR_MS;
  const ended = result.dials - result.inProgressAtEnd - result.rejected;
  const share = (n: number) => percent(contacts.total === 0 ? 0 : n / contacts.total);
  const lines = [
    `Simulated ${count(result.agents)} agents × ${hours} h from ${localTime(result.startMs, heading.timeZone)} (${heading.timeZone}): ` +
      `${count(contacts.total)} contacts, profile ${heading.profile}, seed ${heading.seed}, ${count(result.callsPerMinute)} calls/min`,
    ...(heading.wallMs === undefined ? [] : [`wall time ${(heading.wallMs / 1000).toFixed(2)} s for ${count(result.steps)} stops of the virtual clock`]),
    '',
    'Contacts',
    row('reached', `${count(contacts.reached)}  ${share(contacts.reached)}`),
    row('exhausted', `${count(contacts.exhausted)}  ${share(contacts.exhausted)}`),
    ...(contacts.otherDone > 0 ? [row('done otherwise', `${count(contacts.otherDone)}  ${share(contacts.otherDone)}`)] : []),
    row('pending', `${count(contacts.pending)}  ${share(contacts.pending)}`),
    row('time to finish', timeToFinish(result, heading.timeZone)),
    '',
    'Calls',
    row('dials', `${count(result.dials)}  (${result.dialsPerAgentHour.toFixed(1)} per agent-hour)`),
    row('connect rate', `${percent(result.connectRate)}  (${count(outcomes.connected)} connected of ${count(ended)} ended)`),
    row('outcomes', CALL_OUTCOMES.map((outcome) => `${outcome} ${count(outcomes[outcome])}`).join(', ')),
    ...(result.inProgressAtEnd > 0 ? [row('still on a call', count(result.inProgressAtEnd))] : []),
    ...(result.rejected > 0 ? [row('rejected by provider', count(result.rejected))] : []),
    '',
    'Agents',
    row('occupancy', `${percent(result.occupancy)}  (at work: customer ringing, talking, wrap-up)`),
    row('bound', `${percent(result.occupancyBound)} from this day's ring, talk and wrap-up times; ${percent(heading.profileBound)} expected from the profile`),
    ...agentTimeRows(result),
    row('missed calls', `${count(result.supervisorReadied)} agents made ready again by the supervisor`),
    ...(heading.agentConflicts > 0 ? [row('double-booked', `${count(heading.agentConflicts)} calls rang an agent already on a call`)] : []),
    ...(result.dialer.watchdogClosed > 0 ? [row('watchdog', `${count(result.dialer.watchdogClosed)} calls closed through call details (callback lost)`)] : []),
    ...(result.dialerErrors.length > 0 ? ['', 'Dialer errors', ...result.dialerErrors.map((error) => `  ${error}`)] : []),
    ...(heading.svgFile === undefined ? [] : ['', `Chart written to ${heading.svgFile}`]),
  ];
  return `${lines.join('\n')}\n`;
}

function agentTimeRows(result: SimulationResult): string[] {
  const width = Math.max(...AGENT_TIME_CAUSES.map((cause) => CAUSE_LABELS[cause].length));
  const line = (label: string, ms: number) =>
    `    ${label.padEnd(width)}  ${(ms / HOUR_MS).toFixed(1).padStart(8)} h  ${percent(result.staffedMs === 0 ? 0 : ms / result.staffedMs).padStart(7)}`;
  const work = AGENT_TIME_CAUSES.filter((cause) => WORK_CAUSES.has(cause));
  const idle = AGENT_TIME_CAUSES.filter((cause) => !WORK_CAUSES.has(cause));
  const idleMs = idle.reduce((sum, cause) => sum + result.agentTime[cause], 0);
  return [
    row('agent time', `${(result.staffedMs / HOUR_MS).toFixed(1)} agent-hours`),
    ...work.map((cause) => line(CAUSE_LABELS[cause], result.agentTime[cause])),
    line('idle, by cause:', idleMs),
    ...idle.map((cause) => line(`  ${CAUSE_LABELS[cause]}`, result.agentTime[cause])),
  ];
}

function row(label: string, value: string): string {
  return `  ${label.padEnd(16)} ${value}`;
}
