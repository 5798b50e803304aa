import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigSchema, type Env } from './config.schema.js';

export const CONFIG = Symbol('CONFIG');

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly eventStore: { readonly kind: 'sqlite'; readonly file: string } | { readonly kind: 'eventstoredb'; readonly connectionString: string };
  /** Read models: in the event store's file when that is SQLite, else a local file. */
  readonly readModelFile: string;
  readonly telephony: {
    readonly provider: 'sandbox' | 'exotel-v1' | 'ccm-v2';
    readonly accountSid: string;
    readonly apiKey: string;
    readonly apiToken: string;
    readonly exotelBaseUrl?: string;
    readonly ccmBaseUrl: string;
    readonly callerId?: string;
    readonly callsPerMinute: number;
    /** Call-details and call-search requests a minute: with the dials, within the account's API limit. */
    readonly lookupsPerMinute: number;
    readonly sandboxSeed: number;
    readonly sandboxProfile: string;
  };
  /** Where the provider reaches our webhooks; for the sandbox, this service's own address. */
  readonly publicBaseUrl?: string;
  readonly apiKey: string;
  readonly webhookToken: string;
  /** Credentials generated at this start (printed once, kept under DATA_DIR). */
  readonly generated: readonly ('API_KEY' | 'WEBHOOK_TOKEN')[];
  /** Added to 2 × ring timeout (+ max call duration) before the watchdog asks about a silent call. */
  readonly watchdogGraceMs: number;
  /** How often the watchdog asks about an answered call that has not ended for us. */
  readonly connectedLookupMs: number;
  readonly demo: boolean;
  readonly logLevel: Env['LOG_LEVEL'];
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function parseEnv(env: Record<string, string | undefined>): Env {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(present);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(env)'} ${issue.message}`));
  return parsed.data;
}

interface StoredCredentials {
  apiKey?: string;
  webhookToken?: string;
}

/** Keeps generated credentials across restarts (when `keep`) so webhook URLs pasted into Exotel stay valid. */
function credentials(dataDir: string, env: Env, keep: boolean): { apiKey: string; webhookToken: string; generated: ('API_KEY' | 'WEBHOOK_TOKEN')[] } {
  const file = join(dataDir, 'credentials.json');
  const stored: StoredCredentials = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as StoredCredentials) : {};
  const generated: ('API_KEY' | 'WEBHOOK_TOKEN')[] = [];
  const apiKey = env.API_KEY ?? stored.apiKey ?? (generated.push('API_KEY'), randomBytes(24).toString('base64url'));
  const webhookToken = env.WEBHOOK_TOKEN ?? stored.webhookToken ?? (generated.push('WEBHOOK_TOKEN'), randomBytes(24).toString('base64url'));
  if (generated.length > 0 && keep) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify({ ...stored, ...(env.API_KEY ? {} : { apiKey }), ...(env.WEBHOOK_TOKEN ? {} : { webhookToken }) }, null, 2), { mode: 0o600 });
  }
  return { apiKey, webhookToken, generated };
}

export interface LoadConfigOptions {
  /**
   * Write credentials it had to generate to `<DATA_DIR>/credentials.json`, for the next start (default true: the
   * service). The CLI only reads the stores and needs no credentials: it leaves the data folder as it found it.
   */
  readonly keepGeneratedCredentials?: boolean;
}

export function loadConfig(env: Record<string, string | undefined> = process.env, options: LoadConfigOptions = {}): Config {
  const e = parseEnv(env);
  const dataDir = resolve(e.DATA_DIR);
  const hasCredentials = e.EXOTEL_API_KEY !== undefined && e.EXOTEL_API_TOKEN !== undefined && e.EXOTEL_ACCOUNT_SID !== undefined;
  const provider = e.TELEPHONY ?? (hasCredentials ? 'exotel-v1' : 'sandbox');
  if (provider !== 'sandbox' && e.TELEPHONY === undefined) {
    // credentials alone switch to Exotel: the same required variables then apply
    parseEnv({ ...env, TELEPHONY: provider });
  }
  const sqliteFile = join(dataDir, 'dialer.db');
  const { apiKey, webhookToken, generated } = credentials(dataDir, e, options.keepGeneratedCredentials ?? true);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    eventStore: e.EVENT_STORE === 'sqlite' ? { kind: 'sqlite', file: sqliteFile } : { kind: 'eventstoredb', connectionString: e.EVENTSTORE_CONNECTION_STRING! },
    readModelFile: e.EVENT_STORE === 'sqlite' ? sqliteFile : join(dataDir, 'read-models.db'),
    telephony: {
      provider,
      accountSid: e.EXOTEL_ACCOUNT_SID ?? 'sandbox',
      apiKey: e.EXOTEL_API_KEY ?? 'sandbox-key',
      apiToken: e.EXOTEL_API_TOKEN ?? 'sandbox-token',
      ...(e.EXOTEL_BASE_URL !== undefined ? { exotelBaseUrl: e.EXOTEL_BASE_URL } : provider !== 'sandbox' ? { exotelBaseUrl: `https://${e.EXOTEL_SUBDOMAIN}` } : {}),
      ccmBaseUrl: e.CCM_BASE_URL,
      ...(e.EXOTEL_CALLER_ID === undefined ? {} : { callerId: e.EXOTEL_CALLER_ID }),
      callsPerMinute: e.EXOTEL_CALLS_PER_MINUTE,
      lookupsPerMinute: e.EXOTEL_LOOKUPS_PER_MINUTE,
      sandboxSeed: e.SANDBOX_SEED,
      sandboxProfile: e.SANDBOX_PROFILE,
    },
    ...(e.PUBLIC_BASE_URL === undefined ? {} : { publicBaseUrl: e.PUBLIC_BASE_URL }),
    apiKey,
    webhookToken,
    generated,
    watchdogGraceMs: e.WATCHDOG_GRACE_SEC * 1000,
    connectedLookupMs: e.CONNECTED_CALL_LOOKUP_SEC * 1000,
    demo: e.DEMO ?? true,
    logLevel: e.LOG_LEVEL,
  };
}
