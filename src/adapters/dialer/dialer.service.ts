import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { StreamStateCache } from '../../application/commands/stream-state.cache.js';
import { Dialer } from '../../application/dialer/dialer.js';
import { CLOCK, type Clock } from '../../application/ports/clock.port.js';
import { DIALER_METRICS, type DialerMetrics } from '../../application/ports/dialer-metrics.port.js';
import { EVENT_STORE, type EventStore } from '../../application/ports/event-store.port.js';
import { TELEPHONY_PROVIDERS, WEBHOOK_URLS, type TelephonyProviders, type WebhookUrls } from '../../application/ports/telephony.port.js';
import { CONFIG, type Config } from '../config/config.js';
import { LOGGER, type Logger } from '../observability/logger.js';

/** The dialer inside the service: started once the service listens (its webhook URLs are known then). */
@Injectable()
export class DialerService implements OnApplicationShutdown {
  readonly dialer: Dialer;
  private started = false;

  constructor(
    @Inject(CONFIG) config: Config,
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(CLOCK) clock: Clock,
    @Inject(TELEPHONY_PROVIDERS) providers: TelephonyProviders,
    @Inject(WEBHOOK_URLS) webhookUrls: WebhookUrls,
    @Inject(StreamStateCache) cache: StreamStateCache,
    @Inject(LOGGER) logger: Logger,
    @Inject(DIALER_METRICS) metrics: DialerMetrics,
  ) {
    const log = logger.child({ component: 'dialer' });
    this.dialer = new Dialer({
      events,
      clock,
      providers,
      webhookUrls,
      cache,
      callsPerMinute: config.telephony.callsPerMinute,
      metrics,
      log: (level, message, fields) => log[level](fields ?? {}, message),
    });
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.dialer.start();
  }

  private readonly stopHooks: (() => void)[] = [];

  /** Something to stop together with the dialer (e.g. the demo supervisor's timer). */
  onStop(hook: () => void): void {
    this.stopHooks.push(hook);
  }

  async onApplicationShutdown(): Promise<void> {
    for (const hook of this.stopHooks) hook();
    if (this.started) await this.dialer.stop();
  }
}
