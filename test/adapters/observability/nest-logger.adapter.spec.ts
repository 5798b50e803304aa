import { describe, expect, it } from '@jest/globals';
import { ConsoleLogger, Logger as NestLogger } from '@nestjs/common';
import { NestLoggerAdapter } from '../../../src/adapters/observability/nest-logger.adapter.js';
import { capturedLogger, SECRET_API_KEY } from './support/captured-logger.js';

describe("Nest's own logging goes through pino", () => {
  it('maps Nest levels, keeps the context, and demotes start-up chatter to debug', () => {
    const { logger, records } = capturedLogger();
    const nest = new NestLoggerAdapter(logger);
    nest.log('Mapped {/api/agents, GET} route', 'RouterExplorer');
    nest.log('campaign k1 started', 'Dialer');
    nest.warn('slow pump', 'Dialer');
    nest.verbose('tick');
    expect(records().map((r) => [r.level, r.context, r.msg])).toEqual([
      ['debug', 'RouterExplorer', 'Mapped {/api/agents, GET} route'],
      ['info', 'Dialer', 'campaign k1 started'],
      ['warn', 'Dialer', 'slow pump'],
    ]);
  });

  it('logs errors with their stack, redacted, and objects as fields', () => {
    const { logger, records, raw } = capturedLogger();
    const nest = new NestLoggerAdapter(logger);
    const error = new Error(`rejected +919876543210 with key ${SECRET_API_KEY}`);
    nest.error(error.message, error.stack, 'ExceptionsHandler');
    nest.error(error);
    nest.log({ event: 'pumped', campaignId: 'k1', phone: '9876543210' }, 'Dialer');
    expect(raw.join('')).not.toContain(SECRET_API_KEY);
    expect(raw.join('')).not.toContain('9876543210');
    const [first, second, third] = records();
    expect(first).toMatchObject({
      level: 'error',
      context: 'ExceptionsHandler',
      msg: 'rejected ******3210 with key [redacted]',
    });
    expect(first!.stack).toMatch(/^Error: rejected \*{6}3210 with key \[redacted\]\n\s+at /);
    expect(second).toMatchObject({
      level: 'error',
      err: { message: 'rejected ******3210 with key [redacted]' },
    });
    expect(third).toMatchObject({
      level: 'info',
      context: 'Dialer',
      event: 'pumped',
      campaignId: 'k1',
      phone: '******3210',
    });
  });

  it('serves `new Logger(context)` once installed as the application logger', () => {
    const { logger, records } = capturedLogger();
    NestLogger.overrideLogger(new NestLoggerAdapter(logger));
    try {
      new NestLogger('Webhooks').log('callback for 09876543210 handled');
    } finally {
      NestLogger.overrideLogger(new ConsoleLogger());
    }
    expect(records()[0]).toMatchObject({
      level: 'info',
      context: 'Webhooks',
      msg: 'callback for ******3210 handled',
    });
  });
});
