import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../../src/adapters/config/config.js';

const dataDir = mkdtempSync(join(tmpdir(), 'dialer-config-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const load = (env: Record<string, string> = {}) => loadConfig({ DATA_DIR: dataDir, API_KEY: 'k'.repeat(16), WEBHOOK_TOKEN: 't'.repeat(16), ...env });

describe('configuration from the environment', () => {
  it('defaults: SQLite in DATA_DIR, sandbox telephony, 60 calls and 140 lookups a minute, a 60 s watchdog grace', () => {
    const config = load();
    expect(config.eventStore).toEqual({ kind: 'sqlite', file: join(dataDir, 'dialer.db') });
    expect(config.telephony).toMatchObject({ provider: 'sandbox', callsPerMinute: 60, lookupsPerMinute: 140 });
    expect(config.watchdogGraceMs).toBe(60_000);
    expect(config.connectedLookupMs).toBe(600_000);
  });

  it('takes WATCHDOG_GRACE_SEC in seconds, negative to look sooner', () => {
    expect(load({ WATCHDOG_GRACE_SEC: '5' }).watchdogGraceMs).toBe(5_000);
    expect(load({ WATCHDOG_GRACE_SEC: '-30' }).watchdogGraceMs).toBe(-30_000);
  });

  it('takes CONNECTED_CALL_LOOKUP_SEC in seconds, and refuses a cadence that would spend the API budget', () => {
    expect(load({ CONNECTED_CALL_LOOKUP_SEC: '120' }).connectedLookupMs).toBe(120_000);
    expect(() => load({ CONNECTED_CALL_LOOKUP_SEC: '1' })).toThrow(/CONNECTED_CALL_LOOKUP_SEC/);
  });

  it('generates missing credentials and keeps them for the next start, unless told not to (the CLI)', () => {
    const fresh = mkdtempSync(join(tmpdir(), 'dialer-config-'));
    try {
      const cli = loadConfig({ DATA_DIR: fresh }, { keepGeneratedCredentials: false });
      expect(cli.generated).toEqual(['API_KEY', 'WEBHOOK_TOKEN']);
      expect(existsSync(join(fresh, 'credentials.json'))).toBe(false);

      const service = loadConfig({ DATA_DIR: fresh });
      expect(JSON.parse(readFileSync(join(fresh, 'credentials.json'), 'utf8'))).toEqual({ apiKey: service.apiKey, webhookToken: service.webhookToken });
      const restarted = loadConfig({ DATA_DIR: fresh }, { keepGeneratedCredentials: false });
      expect(restarted).toMatchObject({ apiKey: service.apiKey, webhookToken: service.webhookToken, generated: [] });
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('names each bad variable in one error', () => {
    const attempt = () => load({ WATCHDOG_GRACE_SEC: 'soon', EXOTEL_CALLS_PER_MINUTE: '0', EXOTEL_LOOKUPS_PER_MINUTE: 'many' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message).toContain('WATCHDOG_GRACE_SEC');
      expect((error as Error).message).toContain('EXOTEL_CALLS_PER_MINUTE');
      expect((error as Error).message).toContain('EXOTEL_LOOKUPS_PER_MINUTE');
    }
  });
});
