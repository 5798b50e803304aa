import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../../../src/adapters/config/config.js';
import { createLogger, type Logger } from '../../../../src/adapters/observability/logger.js';

export const SECRET_API_KEY = 'sk-live-API-KEY-0123456789abcdef';
export const SECRET_WEBHOOK_TOKEN = 'whk-TOKEN-fedcba9876543210zz';
export const SECRET_EXOTEL_TOKEN = 'exo-token-55aa55aa55aa55aa';

export interface CapturedLogs {
  readonly logger: Logger;
  readonly config: Config;
  /** Every line written so far, as written. */
  readonly raw: string[];
  /** The same lines, parsed. */
  records(): Record<string, unknown>[];
}

/** A config with known secrets (nothing written to disk: both credentials are given) and a logger writing to memory. */
export function configWithSecrets(env: Record<string, string> = {}): Config {
  return loadConfig({
    DATA_DIR: join(tmpdir(), `dialer-obs-${process.pid}-unused`),
    API_KEY: SECRET_API_KEY,
    WEBHOOK_TOKEN: SECRET_WEBHOOK_TOKEN,
    EXOTEL_API_TOKEN: SECRET_EXOTEL_TOKEN,
    LOG_LEVEL: 'debug',
    ...env,
  });
}

export function capturedLogger(config: Config = configWithSecrets()): CapturedLogs {
  const raw: string[] = [];
  const logger = createLogger(config, { write: (line: string) => void raw.push(line) });
  return {
    logger,
    config,
    raw,
    records: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
