import { z } from 'zod';
import { E164, Instant } from '../shared/api-schemas.js';

export const DoNotCallResponse = z
  .object({
    phone: E164,
    listed: z.boolean().describe('Whether the number is on the do-not-call list now'),
    since: Instant.optional().describe('When it was last added or removed'),
    reason: z.string().optional(),
  })
  .describe('A number on (or off) the internal do-not-call list');

export const DoNotCallListResponse = z.object({ numbers: z.array(DoNotCallResponse) });

export type DoNotCallResponse = z.infer<typeof DoNotCallResponse>;
export type DoNotCallListResponse = z.infer<typeof DoNotCallListResponse>;
