import { z } from 'zod';
import { Instant } from '../shared/api-schemas.js';

/** The audit-trail routes (HistoryController) as the OpenAPI document shows them. */
export const HistoryResponse = z
  .object({
    streamId: z.string(),
    events: z.array(
      z.object({
        position: z.string().describe('Global position (a decimal string)'),
        revision: z.number().int(),
        type: z.string(),
        at: Instant.optional().describe('Business time'),
        recordedAt: Instant,
        data: z.unknown(),
        actor: z.string().optional().describe('Who caused it: api, dialer, webhook:…'),
        commandId: z.string().optional(),
        correlationId: z.string().optional(),
        causationId: z.string().optional(),
      }),
    ),
  })
  .describe('Every event of one stream, oldest first');
