import { Module, type DynamicModule } from '@nestjs/common';
import type { Config } from './adapters/config/config.js';
import { CoreModule, type CoreOverrides } from './adapters/core/core.module.js';
import { ApiModule } from './adapters/http/api/api.module.js';
import { DialerModule } from './adapters/dialer/dialer.module.js';
import { DashboardModule } from './adapters/http/dashboard/dashboard.module.js';
import { EventsModule } from './adapters/http/events/events.module.js';
import { HistoryModule } from './adapters/http/history/history.module.js';
import { ObservabilityModule } from './adapters/observability/observability.module.js';
import { WebhooksModule } from './adapters/http/webhooks/webhooks.module.js';
import { TelephonyModule } from './adapters/telephony/telephony.module.js';

export type AppOverrides = CoreOverrides;

/** Wiring only: the core ports plus one module per feature. */
@Module({})
export class AppModule {
  static forRoot(config: Config, overrides: AppOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, overrides),
        ObservabilityModule,
        TelephonyModule,
        DialerModule,
        WebhooksModule,
        HistoryModule,
        ApiModule,
        EventsModule,
        DashboardModule,
      ],
    };
  }
}
