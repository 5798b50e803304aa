import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule, type AppOverrides } from './app.module.js';
import type { Config } from './adapters/config/config.js';
import { ApiErrorFilter } from './adapters/http/shared/api-error.filter.js';

export const BODY_LIMIT = '1mb';

/** Builds the service (not yet listening). */
export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, overrides), { logger: ['error', 'warn'], bodyParser: false });
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.useBodyParser('urlencoded', { limit: BODY_LIMIT, extended: true });
  app.useGlobalFilters(new ApiErrorFilter((error) => console.error('unexpected error', error)));
  app.enableShutdownHooks();
  return app;
}
