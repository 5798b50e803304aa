import type { RecordedCampaign } from '../../application/simulation/recorded-campaign.js';
import type { SimulatedSettings } from '../../application/simulation/simulation-plan.js';
import type { SimulationResult } from '../../application/simulation/simulation-result.js';
import type { CallingWindow } from '../../domain/dialing/calling-window.policy.js';
import type { RetryRules } from '../../domain/dialing/retry.policy.js';
import { count, hoursAndMinutes, percent, timeToFinish } from './simulation-report.format.js';

export interface ReplayRun {
  readonly settings: SimulatedSettings;
  readonly callsPerMinute: number;
  readonly result: SimulationResult;
}

export interface ReplayComparison {
  readonly recorded: RecordedCampaign;
  readonly before: ReplayRun;
  readonly after: ReplayRun;
  readonly profile: string;
  readonly seed: number;
  readonly timeZone: string;
}

const DASH = '—';

/** A past campaign's record beside two simulated days over its contacts: with its settings, and with the new ones. */
export function formatReplayComparison(comparison: ReplayComparison): string {
  const { recorded, before, after } = comparison;
  const outcome = recorded.outcome;
  const recordedFinish =
    outcome.completedAtMs !== undefined && outcome.firstDialMs !== undefined ? hoursAndMinutes(outcome.completedAtMs - outcome.firstDialMs) : 'not finished';
  const total = (n: number, of: number) => `${count(n)} (${percent(of === 0 ? 0 : n / of)})`;
  const contactsOf = (result: SimulationResult) => result.contacts;
  const rows: Array<[string, string, string, string]> = [
    ['retry after', retryAfter(recorded.settings.retry), retryAfter(before.settings.retry), retryAfter(after.settings.retry)],
    ['max attempts', maxAttempts(recorded.settings.retry), maxAttempts(before.settings.retry), maxAttempts(after.settings.retry)],
    ['calling window', windowText(recorded.settings.window), windowText(before.settings.window), windowText(after.settings.window)],
    ['calls per minute', DASH, count(before.callsPerMinute), count(after.callsPerMinute)],
    ['contacts', count(outcome.contacts.total), count(contactsOf(before.result).total), count(contactsOf(after.result).total)],
    ['reached', total(outcome.contacts.reached, outcome.contacts.total), total(before.result.contacts.reached, before.result.contacts.total), total(after.result.contacts.reached, after.result.contacts.total)],
    ['exhausted', total(outcome.contacts.exhausted, outcome.contacts.total), total(before.result.contacts.exhausted, before.result.contacts.total), total(after.result.contacts.exhausted, after.result.contacts.total)],
    ['pending', total(outcome.contacts.pending, outcome.contacts.total), total(before.result.contacts.pending, before.result.contacts.total), total(after.result.contacts.pending, after.result.contacts.total)],
    ['dials', count(outcome.dials), count(before.result.dials), count(after.result.dials)],
    ['dials / agent-hour', outcome.dialsPerAgentHour === undefined ? DASH : outcome.dialsPerAgentHour.toFixed(1), before.result.dialsPerAgentHour.toFixed(1), after.result.dialsPerAgentHour.toFixed(1)],
    ['connect rate', percent(outcome.connectRate), percent(before.result.connectRate), percent(after.result.connectRate)],
    ['occupancy', DASH, percent(before.result.occupancy), percent(after.result.occupancy)],
    ['time to finish', recordedFinish, timeToFinish(before.result, comparison.timeZone), timeToFinish(after.result, comparison.timeZone)],
  ];
  const header: [string, string, string, string] = ['', 'recorded', 'simulated, recorded settings', 'simulated, new settings'];
  const widths = [0, 1, 2].map((column) => Math.max(...[header, ...rows].map((cells) => cells[column]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell)).join('  ').trimEnd();
  const hours = (before.result.endMs - before.result.startMs) / 3_600_000;
  return [
    `Replay of campaign ${recorded.campaignId}: ${count(outcome.contacts.total)} contacts, ${count(before.result.agents)} agents × ${hours} h, profile ${comparison.profile}, seed ${comparison.seed}`,
    'Both simulated days draw the same calls in the same order (same seed): the difference is the settings.',
    '',
    line(header),
    ...rows.map(line),
    '',
  ].join('\n');
}

function retryAfter(rules: RetryRules | undefined): string {
  const values = new Set(Object.values(rules ?? {}).map((rule) => `${rule?.retryAfterSec ?? DASH} s`));
  return values.size === 0 ? 'no retries' : [...values].join(' / ');
}

function maxAttempts(rules: RetryRules | undefined): string {
  const values = new Set(Object.values(rules ?? {}).map((rule) => String(rule?.maxAttempts ?? DASH)));
  return values.size === 0 ? '1' : [...values].join(' / ');
}

function windowText(window: CallingWindow | undefined): string {
  return window === undefined ? DASH : `${window.from}–${window.to} ${window.timeZone}`;
}
