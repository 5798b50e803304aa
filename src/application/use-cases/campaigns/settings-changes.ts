import {
  DEFAULT_SETTINGS,
  type CampaignSettings,
  type RecordingSettings,
} from '../../../domain/campaign/campaign-settings.js';
import type { CallingWindow } from '../../../domain/dialing/calling-window.policy.js';
import {
  DEFAULT_RETRY_RULES,
  type RetryRule,
  type RetryRules,
  type RetryableOutcome,
} from '../../../domain/dialing/retry.policy.js';

/**
 * Settings as a client sends them: any subset, nested objects partial. A retry rule given as `null` removes the
 * rule for that outcome (no retry); a partial rule is completed from the current one (or the default).
 */
export interface SettingsInput {
  readonly name?: string;
  readonly callerId?: string;
  readonly provider?: CampaignSettings['provider'];
  readonly window?: Partial<CallingWindow>;
  readonly retry?: Readonly<Partial<Record<RetryableOutcome, Partial<RetryRule> | null>>>;
  readonly ringTimeoutSec?: number;
  readonly maxCallDurationSec?: number;
  readonly wrapUpSec?: number;
  readonly recording?: Partial<RecordingSettings>;
}

const defined = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

function mergeRetry(current: RetryRules, input: NonNullable<SettingsInput['retry']>): RetryRules {
  const next: Partial<Record<RetryableOutcome, RetryRule>> = { ...current };
  for (const [outcome, rule] of Object.entries(input) as [
    RetryableOutcome,
    Partial<RetryRule> | null | undefined,
  ][]) {
    if (rule === undefined) continue;
    if (rule === null) delete next[outcome];
    else
      next[outcome] = {
        ...(current[outcome] ?? DEFAULT_RETRY_RULES[outcome]),
        ...defined(rule),
      } as RetryRule;
  }
  return next;
}

/**
 * The settings values the input changes, completed against `current` (the campaign's settings, or the defaults
 * for a new campaign). The domain validates them and names the field of a bad value.
 */
export function settingsChanges(
  current: Omit<CampaignSettings, 'name' | 'callerId'> = DEFAULT_SETTINGS,
  input: SettingsInput,
): Partial<CampaignSettings> {
  const { window, retry, recording, ...flat } = input;
  return {
    ...defined(flat),
    ...(window === undefined ? {} : { window: { ...current.window, ...defined(window) } as CallingWindow }),
    ...(retry === undefined ? {} : { retry: mergeRetry(current.retry, retry) }),
    ...(recording === undefined
      ? {}
      : { recording: { ...current.recording, ...defined(recording) } as RecordingSettings }),
  };
}
