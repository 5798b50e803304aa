import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { StreamStateCache } from '../../application/commands/stream-state.cache.js';
import { Dialer } from '../../application/dialer/dialer.js';
import { CLOCK, type Clock } from '../../application/ports/clock.port.js';
import { EVENT_STORE, type EventStore } from '../../application/ports/event-store.port.js';
import { TELEPHONY_PROVIDERS, WEBHOOK_URLS, type TelephonyProviders, type WebhookUrls } from '../../application/ports/telephony.port.js';
import { CONFIG, type Config } from '../config/config.js';

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
  ) {
    this.dialer = new Dialer({
      events,
      clock,
      providers,
      webhookUrls,
      cache,
      callsPerMinute: config.telephony.callsPerMinute,
      log: (level, message, fields) => {
        if (level !== 'info') process.stderr.write(`${JSON.stringify({ level, msg: message, ...fields })}\n`);
      },
    });
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.dialer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.started) await this.dialer.stop();
  }
}
