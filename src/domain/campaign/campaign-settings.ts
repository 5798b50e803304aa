import { DEFAULT_WINDOW, validateWindow, type CallingWindow } from '../dialing/calling-window.policy.js';
import { DEFAULT_RETRY_RULES, validateRetryRules, type RetryRules } from '../dialing/retry.policy.js';
import { DomainError } from '../shared/domain-error.js';
import { tryParsePhone } from '../shared/phone.js';

export type CampaignProvider = 'exotel-v1' | 'ccm-v2' | 'sandbox';
export const CAMPAIGN_PROVIDERS: readonly CampaignProvider[] = ['exotel-v1', 'ccm-v2', 'sandbox'];

export interface RecordingSettings {
  readonly enabled: boolean;
  readonly channels: 'single' | 'dual';
}

export interface CampaignSettings {
  readonly name: string;
  /** The ExoPhone both parties see, E.164. */
  readonly callerId: string;
  readonly provider: CampaignProvider;
  readonly window: CallingWindow;
  readonly retry: RetryRules;
  /** Ring time per leg. */
  readonly ringTimeoutSec: number;
  readonly maxCallDurationSec: number;
  readonly wrapUpSec: number;
  readonly recording: RecordingSettings;
}

export type CampaignSettingsInput = Pick<CampaignSettings, 'name' | 'callerId'> & Partial<Omit<CampaignSettings, 'name' | 'callerId'>>;

export const DEFAULT_SETTINGS: Omit<CampaignSettings, 'name' | 'callerId'> = {
  provider: 'sandbox',
  window: DEFAULT_WINDOW,
  retry: DEFAULT_RETRY_RULES,
  ringTimeoutSec: 30,
  maxCallDurationSec: 3600,
  wrapUpSec: 15,
  recording: { enabled: false, channels: 'single' },
};

/** Keys given as `undefined` mean "not given": they must not blank out a default or a current value. */
export function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}

export function withDefaults(input: CampaignSettingsInput): CampaignSettings {
  return { ...DEFAULT_SETTINGS, ...definedOnly(input) } as CampaignSettings;
}

/** Order-insensitive equality for settings values (object keys and weekday lists). */
export function sameSetting(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    return `[${(value.every((v) => typeof v === 'number') ? items.sort() : items).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const invalid = (field: string, message: string) => new DomainError('campaign.invalid-settings', message, field);

function requireIntegerIn(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(field, `${field} must be a whole number from ${min} to ${max}`);
  }
}

/** Guards every business rule on settings; throws a DomainError naming the field. */
export function validateSettings(settings: CampaignSettings): CampaignSettings {
  if (typeof settings.name !== 'string') throw invalid('name', 'name is required');
  if (typeof settings.callerId !== 'string') throw invalid('callerId', 'callerId is required (an ExoPhone)');
  const name = settings.name.trim();
  if (name.length === 0 || name.length > 120) throw invalid('name', 'name must be 1 to 120 characters');
  const callerId = tryParsePhone(settings.callerId);
  if (callerId === undefined) throw invalid('callerId', 'callerId must be a phone number (an ExoPhone)');
  if (!CAMPAIGN_PROVIDERS.includes(settings.provider)) {
    throw invalid('provider', `provider must be one of ${CAMPAIGN_PROVIDERS.join(', ')}`);
  }
  validateWindow(settings.window);
  validateRetryRules(settings.retry);
  requireIntegerIn('ringTimeoutSec', settings.ringTimeoutSec, 5, 120);
  requireIntegerIn('maxCallDurationSec', settings.maxCallDurationSec, 30, 14400);
  requireIntegerIn('wrapUpSec', settings.wrapUpSec, 0, 3600);
  if (settings.recording.channels !== 'single' && settings.recording.channels !== 'dual') {
    throw invalid('recording.channels', 'recording.channels must be single or dual');
  }
  return { ...settings, name, callerId };
}
