import { parseArgs } from 'node:util';
import type { SimulatedSettings } from '../../application/simulation/simulation-plan.js';
import { DEFAULT_SETTINGS, validateSettings, withDefaults } from '../../domain/campaign/campaign-settings.js';
import type { RetryRules } from '../../domain/dialing/retry.policy.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import { DEFAULT_SIMULATION_START } from '../simulation/simulate-campaign.js';
import { UsageError } from './cli-command.js';

/** Settings a run can change (on the command line, or against a recorded campaign with --replay). */
export interface SettingChanges {
  readonly retryAfterSec?: number;
  readonly maxAttempts?: number;
  readonly windowFrom?: string;
  readonly windowTo?: string;
  readonly callsPerMinute?: number;
}

export interface SimulateOptions {
  readonly agents?: number;
  readonly contacts: number;
  readonly hours?: number;
  readonly profile: string;
  readonly seed: number;
  readonly startMs?: number;
  readonly svgFile?: string;
  readonly json: boolean;
  readonly callbackFaults: boolean;
  readonly changes: SettingChanges;
  readonly replayFile?: string;
  readonly campaignId?: string;
}

export const DEFAULT_AGENTS = 100;
export const DEFAULT_HOURS = 8;

const MAX_AGENTS = 10_000;
const MAX_CONTACTS = 5_000_000;

export function parseSimulateOptions(args: readonly string[]): SimulateOptions {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      agents: { type: 'string' },
      contacts: { type: 'string' },
      hours: { type: 'string' },
      profile: { type: 'string', default: 'default' },
      seed: { type: 'string', default: '42' },
      start: { type: 'string' },
      svg: { type: 'string' },
      json: { type: 'boolean', default: false },
      'no-callback-faults': { type: 'boolean', default: false },
      'calls-per-minute': { type: 'string' },
      'retry-after': { type: 'string' },
      'max-attempts': { type: 'string' },
      'window-from': { type: 'string' },
      'window-to': { type: 'string' },
      replay: { type: 'string' },
      campaign: { type: 'string' },
    },
    allowPositionals: false,
  });
  if (positionals.length > 0) throw new UsageError(`simulate takes no positional arguments (got ${positionals.join(' ')})`);
  if (values.campaign !== undefined && values.replay === undefined) throw new UsageError('--campaign only goes with --replay');
  const changes: SettingChanges = {
    ...optional('retryAfterSec', values['retry-after'], (text) => whole('--retry-after', text, 0, 31_622_400)),
    ...optional('maxAttempts', values['max-attempts'], (text) => whole('--max-attempts', text, 1, 10)),
    ...optional('windowFrom', values['window-from'], (text) => clockTime('--window-from', text)),
    ...optional('windowTo', values['window-to'], (text) => clockTime('--window-to', text)),
    ...optional('callsPerMinute', values['calls-per-minute'], (text) => whole('--calls-per-minute', text, 1, 1_000_000)),
  };
  return {
    ...optional('agents', values.agents, (text) => whole('--agents', text, 1, MAX_AGENTS)),
    contacts: whole('--contacts', values.contacts ?? '20000', 1, MAX_CONTACTS),
    ...optional('hours', values.hours, (text) => positive('--hours', text, 24 * 14)),
    profile: values.profile,
    seed: whole('--seed', values.seed, 0, 2 ** 32 - 1),
    ...optional('startMs', values.start, (text) => instant('--start', text)),
    ...optional('svgFile', values.svg, (text) => text),
    json: values.json,
    callbackFaults: !values['no-callback-faults'],
    changes,
    ...optional('replayFile', values.replay, (text) => text),
    ...optional('campaignId', values.campaign, (text) => text),
  };
}

/** The campaign settings with the changes applied (retry changes apply to every outcome's rule), validated. */
export function applyChanges(base: SimulatedSettings, changes: SettingChanges): SimulatedSettings {
  const retry = base.retry ?? DEFAULT_SETTINGS.retry;
  const window = base.window ?? DEFAULT_SETTINGS.window;
  const changed: SimulatedSettings = {
    ...base,
    retry: changes.retryAfterSec === undefined && changes.maxAttempts === undefined ? retry : changedRetry(retry, changes),
    window: { ...window, ...(changes.windowFrom === undefined ? {} : { from: changes.windowFrom }), ...(changes.windowTo === undefined ? {} : { to: changes.windowTo }) },
  };
  try {
    validateSettings(withDefaults({ name: 'simulation', callerId: '+918047112233', ...changed }));
  } catch (error) {
    if (error instanceof DomainError) throw new UsageError(`${error.message}${error.field ? ` (${error.field})` : ''}`);
    throw error;
  }
  return changed;
}

function changedRetry(rules: RetryRules, changes: SettingChanges): RetryRules {
  return Object.fromEntries(
    Object.entries(rules).map(([outcome, rule]) => [
      outcome,
      rule === undefined
        ? rule
        : {
            ...rule,
            ...(changes.retryAfterSec === undefined ? {} : { retryAfterSec: changes.retryAfterSec }),
            ...(changes.maxAttempts === undefined ? {} : { maxAttempts: changes.maxAttempts }),
          },
    ]),
  ) as RetryRules;
}

export const defaultStartMs = () => Date.parse(DEFAULT_SIMULATION_START);

function optional<K extends string, T>(key: K, text: string | undefined, parse: (text: string) => T): Partial<Record<K, T>> {
  return text === undefined ? {} : ({ [key]: parse(text) } as Record<K, T>);
}

function whole(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} must be a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}, not "${text}"`);
  }
  return value;
}

function positive(flag: string, text: string, max: number): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > max) throw new UsageError(`${flag} must be a number of hours above 0, at most ${max}, not "${text}"`);
  return value;
}

function clockTime(flag: string, text: string): string {
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(text)) throw new UsageError(`${flag} must be a local time HH:MM such as 09:30, not "${text}"`);
  return text;
}

function instant(flag: string, text: string): number {
  const ms = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(ms)) throw new UsageError(`${flag} needs an ISO time such as 2026-03-02T09:00:00+05:30, not "${text}"`);
  return ms;
}
