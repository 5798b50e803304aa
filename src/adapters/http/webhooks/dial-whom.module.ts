import { Module } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DialWhom } from '../../../application/dial-whom/dial-whom.js';
import { DialerModule } from '../../dialer/dialer.module.js';
import { DialerService } from '../../dialer/dialer.service.js';
import { LOGGER, type Logger } from '../../observability/logger.js';
import { BusDialWhomCommands } from './dial-whom.bus-commands.js';
import { DialWhomController } from './dial-whom.controller.js';

function dialWhomFor(dialer: DialerService, bus: CommandBus, logger: Logger): DialWhom {
  const log = logger.child({ component: 'dial-whom' });
  return new DialWhom({
    dialer: dialer.dialer,
    commands: new BusDialWhomCommands(bus),
    log: (level, message, fields) => log[level](fields ?? {}, message),
  });
}

/** The Dial Whom routes and the use case behind them (exported, so status callbacks can settle inbound calls too). */
@Module({
  imports: [DialerModule],
  controllers: [DialWhomController],
  providers: [{ provide: DialWhom, useFactory: dialWhomFor, inject: [DialerService, CommandBus, LOGGER] }],
  exports: [DialWhom],
})
export class DialWhomModule {}
