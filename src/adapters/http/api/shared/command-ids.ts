import { createHash, randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { newCommandId } from '../../../../application/events/event-ids.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

/**
 * Command ids (and ids of created resources) for one request. Without an `Idempotency-Key` they are random. With
 * one they derive from the key and the route (`idem:<key>:POST /api/campaigns/k1/start:<label>`), so a repeated
 * request sends the same commands again and the command side recognises them: nothing is written twice, even
 * after a restart emptied the answer cache.
 */
export class CommandIds {
  private constructor(private readonly scope: string | undefined) {}

  static of(request: Request): CommandIds {
    const key = request.headers[IDEMPOTENCY_HEADER];
    return new CommandIds(
      typeof key === 'string' && key !== '' ? `idem:${key}:${request.method} ${request.path}` : undefined,
    );
  }

  static none(): CommandIds {
    return new CommandIds(undefined);
  }

  get idempotent(): boolean {
    return this.scope !== undefined;
  }

  /** The id of one command of this request; `label` tells apart the commands one request sends. */
  for(label: string): string {
    return this.scope === undefined ? newCommandId() : `${this.scope}:${label}`;
  }

  /** An id for a resource this request creates: a repeated request names the same resource. */
  newId(): string {
    return this.scope === undefined
      ? randomUUID()
      : `r-${createHash('sha256').update(this.scope).digest('hex').slice(0, 24)}`;
  }
}

/** `@Ids() ids: CommandIds` in a controller method. */
export const Ids = createParamDecorator((_data: unknown, context: ExecutionContext): CommandIds =>
  CommandIds.of(context.switchToHttp().getRequest<Request>()),
);
