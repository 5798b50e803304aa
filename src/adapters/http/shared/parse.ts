import { BadRequestException } from '@nestjs/common';
import type { z } from 'zod';
import { ID_PATTERN } from '../../../application/events/streams.js';

/** Validates at the edge: a 400 naming the field, before anything is written. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  return schema.parse(body ?? {});
}

export function parseId(value: string, field = 'id'): string {
  if (!ID_PATTERN.test(value)) {
    throw new BadRequestException({ error: 'invalid-request', message: `${field}: must be 1-100 letters, digits, and . _ : -`, details: [{ field }] });
  }
  return value;
}
