import type { INestApplication } from '@nestjs/common';
import type { Config } from '../config/config.js';
import type { Logger } from './logger.js';
import { loggerFor } from './logger.registry.js';
import { NestLoggerAdapter } from './nest-logger.adapter.js';
import { requestLogging } from './request-log.middleware.js';

/** Nest's logger option for the service built from `config`: its own logging goes through the redacting pino logger. */
export function nestLoggerFor(config: Config): NestLoggerAdapter {
  return new NestLoggerAdapter(loggerFor(config));
}

/**
 * Mounts the request id and access log on `app`. Call it before the body parsers are added, so a request whose
 * body is refused is logged too. Returns the service's logger.
 */
export function installRequestLogging(app: INestApplication, config: Config): Logger {
  const logger = loggerFor(config);
  app.use(requestLogging(logger));
  return logger;
}
