import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService } from '../../src/app.js';
import type { AppOverrides } from '../../src/app.module.js';
import { loadConfig, type Config } from '../../src/adapters/config/config.js';

export const TEST_API_KEY = 'test-api-key-0123456789';
export const TEST_WEBHOOK_TOKEN = 'test-webhook-token-0123456789';

export interface TestService {
  readonly app: INestApplication;
  readonly baseUrl: string;
  readonly config: Config;
  readonly dataDir: string;
  /** fetch with the API key. */
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

/** The real service on a fresh SQLite file and a real port on 127.0.0.1. */
export async function startTestService(env: Record<string, string> = {}, overrides: AppOverrides = {}): Promise<TestService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dialer-test-'));
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', DEMO: 'false', API_KEY: TEST_API_KEY, WEBHOOK_TOKEN: TEST_WEBHOOK_TOKEN, LOG_LEVEL: 'silent', ...env });
  const { app, url: baseUrl } = await startService(config, overrides);
  return {
    app,
    baseUrl,
    config,
    dataDir,
    api: (path, init = {}) => {
      const { json, headers, ...rest } = init;
      return fetch(`${baseUrl}${path}`, {
        ...rest,
        headers: { authorization: `Bearer ${TEST_API_KEY}`, ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...(headers as Record<string, string> | undefined) },
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      });
    },
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
