import type { Config } from '../config/config.js';
import { createLogger, type Logger } from './logger.js';

const loggers = new WeakMap<Config, Logger>();

/**
 * One logger per service instance (its `Config`), shared by Nest's own logging, the access log and the `LOGGER`
 * provider, so that several services in one process (tests) each keep their own.
 */
export function loggerFor(config: Config): Logger {
  let logger = loggers.get(config);
  if (logger === undefined) {
    logger = createLogger(config);
    loggers.set(config, logger);
  }
  return logger;
}

/** Makes the service built from `config` log through `logger` (e.g. one writing to a test's stream). */
export function useLoggerFor(config: Config, logger: Logger): void {
  loggers.set(config, logger);
}
