import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';
import { CONFIG, type Config } from '../../config/config.js';
import { sameSecret } from '../shared/constant-time.js';

/**
 * The API key as `Authorization: Bearer <API_KEY>` or, because a browser's EventSource cannot send headers,
 * as `?access_token=<API_KEY>`. Both compared in constant time.
 */
@Injectable()
export class EventsAuthGuard implements CanActivate {
  constructor(@Inject(CONFIG) private readonly config: Config) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const header = request.headers.authorization;
    const bearer = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
    const query = (request.query as Record<string, unknown> | undefined)?.access_token;
    const token = bearer ?? (typeof query === 'string' ? query : undefined);
    if (!sameSecret(token, this.config.apiKey)) {
      throw new UnauthorizedException({
        error: 'unauthorized',
        message: 'missing or wrong API key: send Authorization: Bearer <API_KEY> or ?access_token=<API_KEY>',
      });
    }
    return true;
  }
}
