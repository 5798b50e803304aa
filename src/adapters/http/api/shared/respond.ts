import type { z } from 'zod';

export class ResponseShapeError extends Error {
  constructor(readonly issues: string) {
    super(`response does not match its schema: ${issues}`);
    this.name = 'ResponseShapeError';
  }
}

/**
 * Shapes an answer through its response schema (the one the OpenAPI document shows): unknown keys are dropped,
 * and an answer that does not match is our bug (500), never the client's.
 */
export function respond<S extends z.ZodType>(schema: S, value: z.input<S>): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new ResponseShapeError(
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  return parsed.data;
}
