import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule, type AppOverrides } from './app.module.js';
import { CLOCK, type Clock } from './application/ports/clock.port.js';
import { EVENT_STORE, type EventStore } from './application/ports/event-store.port.js';
import { WEBHOOK_URLS } from './application/ports/telephony.port.js';
import type { Config } from './adapters/config/config.js';
import { DEMO_AGENT_PREFIX, DEMO_CAMPAIGN_ID, seedDemo } from './adapters/demo/demo-seed.js';
import { superviseDemoAgents } from './adapters/demo/demo-supervisor.js';
import { DialerService } from './adapters/dialer/dialer.service.js';
import { ApiErrorFilter } from './adapters/http/shared/api-error.filter.js';
import { installStatusCallbackFastLane } from './adapters/http/webhooks/install-fast-lane.js';
import { installRequestLogging, nestLoggerFor } from './adapters/observability/install.js';
import { collectStartUpGarbage } from './adapters/runtime/collect-start-up-garbage.js';
import type { WebhookUrlBook } from './adapters/telephony/webhook-urls.js';

export const BODY_LIMIT = '1mb';

/** Builds the service (not yet listening). */
export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, overrides), { logger: nestLoggerFor(config), bodyParser: false });
  const logger = installRequestLogging(app, config); // before the body parsers: a refused body is logged too
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.useBodyParser('urlencoded', { limit: BODY_LIMIT, extended: true });
  app.useGlobalFilters(new ApiErrorFilter((error) => logger.error({ err: error }, 'unexpected error')));
  installStatusCallbackFastLane(app, config, logger);
  app.enableShutdownHooks();
  return app;
}

export interface RunningService {
  readonly app: INestApplication;
  /** e.g. http://127.0.0.1:3000 */
  readonly url: string;
  readonly demoSeeded: boolean;
}

/** Listens, tells the webhook URLs where we are, starts the dialer, and seeds the demo on an empty store. */
export async function startService(config: Config, overrides: AppOverrides = {}): Promise<RunningService> {
  const app = await createApp(config, overrides);
  // a million-row CSV import streams for minutes: no whole-request deadline (headersTimeout still guards slow clients)
  (app.getHttpServer() as Server).requestTimeout = 0;
  await app.listen(config.port, config.host);
  const address = (await app.getUrl()).replace('[::1]', '127.0.0.1').replace('0.0.0.0', '127.0.0.1');
  (app.get(WEBHOOK_URLS) as WebhookUrlBook).listeningAt(address);
  await app.get(DialerService).start();
  const bus = app.get(CommandBus);
  const clock = app.get<Clock>(CLOCK);
  const demoSeeded = config.demo ? await seedDemo(bus, app.get<EventStore>(EVENT_STORE), clock.now()) : false;
  const dialer = app.get(DialerService).dialer;
  if (config.demo && (demoSeeded || dialer.index.campaigns.has(DEMO_CAMPAIGN_ID))) {
    const stop = superviseDemoAgents(bus, dialer, clock, DEMO_AGENT_PREFIX);
    app.get(DialerService).onStop(stop);
  }
  collectStartUpGarbage(dialer.index.position);
  return { app, url: address, demoSeeded };
}
