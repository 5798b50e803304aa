import { pino, type DestinationStream, type LogFn, type Logger as PinoLogger } from 'pino';
import type { Config } from '../config/config.js';
import { createRedactor, type Redactor } from './redact.js';

export const LOGGER = Symbol('LOGGER');

/** Structured logging: `logger.info({ campaignId }, 'campaign started')`; `logger.child({ module: 'dialer' })`. */
export type Logger = PinoLogger;

/** The values that must never reach a log, whatever field or message carries them. */
export function secretsOf(config: Config): string[] {
  return [config.apiKey, config.webhookToken, config.telephony.apiKey, config.telephony.apiToken];
}

/**
 * JSON lines to stdout (or `destination`), level from `LOG_LEVEL`. Every argument of every call, and the bindings of
 * every child logger, pass through the redactor first: credentials, tokens and full phone numbers never get out.
 */
export function createLogger(config: Config, destination?: DestinationStream): Logger {
  const redactor = createRedactor(secretsOf(config));
  const logger = pino(
    {
      level: config.logLevel,
      base: { service: 'progressive-dialer', pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        logMethod(args, method) {
          method.apply(this, redactArguments(args, redactor));
        },
      },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
  redactChildBindings(logger, redactor);
  return logger;
}

type LogArguments = Parameters<LogFn>;

/** An `Error` first keeps pino's shape (`err` field, its message as `msg`), but redacted. */
function redactArguments(args: LogArguments, redactor: Redactor): LogArguments {
  const [first, ...rest] = args as unknown[];
  if (first instanceof Error) {
    const message = typeof rest[0] === 'string' ? rest : [first.message, ...rest];
    return [
      { err: redactor.value(first) },
      ...message.map((arg) => redactor.value(arg)),
    ] as unknown as LogArguments;
  }
  return (args as unknown[]).map((arg) => redactor.value(arg)) as unknown as LogArguments;
}

/** Child loggers inherit this `child` (pino builds them on the parent's prototype), so bindings are redacted at every depth. */
function redactChildBindings(logger: Logger, redactor: Redactor): void {
  const child = logger.child;
  logger.child = function (this: Logger, bindings, options) {
    return child.call(this, redactor.value(bindings) as typeof bindings, options);
  } as Logger['child'];
}
