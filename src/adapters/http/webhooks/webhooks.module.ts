import { Module } from '@nestjs/common';
import { DialerModule } from '../../dialer/dialer.module.js';
import { DialWhomModule } from './dial-whom.module.js';
import { StatusCallbacksController } from './status-callbacks.controller.js';
import { WebhookTokenGuard } from './webhook-token.guard.js';

@Module({ imports: [DialerModule, DialWhomModule], controllers: [StatusCallbacksController], providers: [WebhookTokenGuard] })
export class WebhooksModule {}
