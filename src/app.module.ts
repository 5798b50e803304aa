import { Module, type DynamicModule } from '@nestjs/common';
import type { Config } from './adapters/config/config.js';
import { CoreModule, type CoreOverrides } from './adapters/core/core.module.js';
import { HistoryModule } from './adapters/http/history/history.module.js';

export type AppOverrides = CoreOverrides;

/** Wiring only: the core ports plus one module per feature. */
@Module({})
export class AppModule {
  static forRoot(config: Config, overrides: AppOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, overrides),
        HistoryModule,
      ],
    };
  }
}
