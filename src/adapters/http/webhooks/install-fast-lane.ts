import type { INestApplication } from '@nestjs/common';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { DIALER_METRICS, type DialerMetrics } from '../../../application/ports/dialer-metrics.port.js';
import type { Config } from '../../config/config.js';
import { DialerService } from '../../dialer/dialer.service.js';
import type { Logger } from '../../observability/logger.js';
import { requestLogging } from '../../observability/request-log.middleware.js';
import { withStatusCallbackFastLane } from './status-callback.fast-lane.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** Puts the status-callback fast lane in front of Express on the app's HTTP server (before it listens). */
export function installStatusCallbackFastLane(app: INestApplication, config: Config, logger: Logger): void {
  const server = app.getHttpServer() as Server;
  const [express, ...others] = server.listeners('request') as Handler[];
  if (express === undefined || others.length > 0) throw new Error('expected Express as the only request listener');
  const logRequest = requestLogging(logger);
  const lane = withStatusCallbackFastLane(
    {
      dialer: () => app.get(DialerService).dialer,
      metrics: app.get<DialerMetrics>(DIALER_METRICS),
      webhookToken: config.webhookToken,
      logRequest: (request, response) => logRequest(request, response, () => undefined),
      onUnexpected: (error) => logger.error({ err: error }, 'unexpected error'),
    },
    express,
  );
  server.removeListener('request', express);
  server.on('request', lane);
}
