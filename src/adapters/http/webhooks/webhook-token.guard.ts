import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { CONFIG, type Config } from '../../config/config.js';
import { sameSecret } from '../shared/constant-time.js';

/** Exotel does not sign callbacks: every webhook URL carries `?token=<WEBHOOK_TOKEN>`, compared in constant time. */
@Injectable()
export class WebhookTokenGuard implements CanActivate {
  constructor(@Inject(CONFIG) private readonly config: Config) {}

  canActivate(context: ExecutionContext): boolean {
    const token = context.switchToHttp().getRequest<Request>().query.token;
    if (!sameSecret(typeof token === 'string' ? token : undefined, this.config.webhookToken)) {
      throw new UnauthorizedException({ error: 'unauthorized', message: 'missing or wrong webhook token' });
    }
    return true;
  }
}
