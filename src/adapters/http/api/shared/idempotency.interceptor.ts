import { createHash } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import type { Request, Response } from 'express';
import { of, tap, type Observable } from 'rxjs';
import { IDEMPOTENCY_HEADER } from './command-ids.js';
import { IdempotencyCache } from './idempotency.cache.js';

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export const REPLAYED_HEADER = 'Idempotent-Replayed';

/**
 * `Idempotency-Key` on a POST: the first answer (status and body) to a route + key is kept, and a repeat gets it
 * back (with `Idempotent-Replayed: true`) without running the handler, so nothing is written. A repeat that
 * arrives while the first still runs waits for it. The same key with a different JSON body is refused (409).
 * Only successful answers are kept: an error wrote nothing, so a repeat simply runs again. Behind the cache, the
 * handlers derive their command ids from the key (see CommandIds), which makes a repeat write nothing even once
 * the answer was evicted or the service restarted (the answer is then recomputed from the current state).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@Inject(IdempotencyCache) private readonly cache: IdempotencyCache) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const key = request.headers[IDEMPOTENCY_HEADER];
    if (request.method !== 'POST' || key === undefined) return next.handle();
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new BadRequestException({
        error: 'invalid-request',
        message: 'Idempotency-Key: 1 to 200 visible ASCII characters',
        details: [{ field: 'Idempotency-Key' }],
      });
    }
    const route = `${request.method} ${request.path}\n${key}`;
    const fingerprint =
      request.is('text/csv') || request.is('application/csv') ? 'stream' : fingerprintOf(request.body);
    const earlier = this.cache.get(route, Date.now());
    if (earlier !== undefined) {
      if (earlier.fingerprint !== fingerprint) {
        throw new ConflictException({
          error: 'idempotency.key-reused',
          message: 'this Idempotency-Key was already used on this route with a different body',
        });
      }
      const answer = await earlier.answer;
      if (answer !== undefined) {
        response.setHeader(REPLAYED_HEADER, 'true');
        response.status(answer.status);
        return of(answer.body);
      }
    }
    const status =
      (Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined) ?? 201;
    const first = this.cache.start(route, fingerprint, Date.now());
    return next.handle().pipe(
      tap({
        next: (body: unknown) => first.settle({ status, body }),
        error: () => first.settle(undefined),
      }),
    );
  }
}

/** A hash of the JSON body; a body nested too deeply to serialise (a stack overflow) is the client's 400, not a 500. */
function fingerprintOf(body: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(body ?? null);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new BadRequestException({
      error: 'invalid-request',
      message: '(body): nested too deeply',
      details: [{ field: '(body)', message: 'nested too deeply' }],
    });
  }
  return createHash('sha256').update(text).digest('base64');
}
