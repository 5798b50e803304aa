import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { StreamStateCache } from '../../application/commands/stream-state.cache.js';
import { Dialer, type DoNotCallCheck } from '../../application/dialer/dialer.js';
import { DO_NOT_CALL_LIST } from '../../application/use-cases/do-not-call/do-not-call-list.js';
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
  /** The internal do-not-call list, checked just before every dial (found once the app is assembled). */
  private doNotCall?: DoNotCallCheck;

  constructor(
    @Inject(CONFIG) config: Config,
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(CLOCK) clock: Clock,
    @Inject(TELEPHONY_PROVIDERS) providers: TelephonyProviders,
    @Inject(WEBHOOK_URLS) webhookUrls: WebhookUrls,
    @Inject(StreamStateCache) cache: StreamStateCache,
    @Inject(LOGGER) logger: Logger,
    @Inject(DIALER_METRICS) metrics: DialerMetrics,
    @Inject(ModuleRef) private readonly modules: ModuleRef,
  ) {
    const log = logger.child({ component: 'dialer' });
    this.dialer = new Dialer({
      events,
      clock,
      providers,
      webhookUrls,
      cache,
      callsPerMinute: config.telephony.callsPerMinute,
      lookupsPerMinute: config.telephony.lookupsPerMinute,
      timing: { watchdogGraceMs: config.watchdogGraceMs, connectedLookupMs: config.connectedLookupMs },
      metrics,
      doNotCall: { isBlocked: async (phone) => (await this.doNotCall?.isBlocked(phone)) ?? false },
      log: (level, message, fields) => log[level](fields ?? {}, message),
    });
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.doNotCall = this.modules.get<DoNotCallCheck>(DO_NOT_CALL_LIST, { strict: false });
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
