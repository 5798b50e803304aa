import { Global, Module } from '@nestjs/common';
import { DIALER_METRICS } from '../../application/ports/dialer-metrics.port.js';
import { CONFIG, type Config } from '../config/config.js';
import { DialerMetricsService, METRICS } from './dialer.metrics.js';
import { HealthController } from './health.controller.js';
import { LOGGER } from './logger.js';
import { loggerFor } from './logger.registry.js';
import { MetricsController } from './metrics.controller.js';
import { ReadinessProbe } from './readiness.probe.js';

/**
 * Logs, metrics and probes. Global: any module can inject `LOGGER`, `METRICS` (adapters) or `DIALER_METRICS`
 * (the application's port). The access log and Nest's own logging are installed by `createApp` (see install.ts).
 */
@Global()
@Module({
  controllers: [HealthController, MetricsController],
  providers: [
    { provide: LOGGER, useFactory: (config: Config) => loggerFor(config), inject: [CONFIG] },
    DialerMetricsService,
    { provide: METRICS, useExisting: DialerMetricsService },
    { provide: DIALER_METRICS, useExisting: DialerMetricsService },
    ReadinessProbe,
  ],
  exports: [LOGGER, METRICS, DIALER_METRICS],
})
export class ObservabilityModule {}
