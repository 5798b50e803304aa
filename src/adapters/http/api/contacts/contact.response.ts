import { z } from 'zod';
import { E164, Instant } from '../shared/api-schemas.js';

const Outcome = z.enum(['connected', 'busy', 'no-answer', 'failed', 'canceled', 'agent-missed']);
export const ContactDisposition = z.enum([
  'reached',
  'exhausted',
  'do-not-call',
  'invalid-number',
  'removed',
]);

export const AttemptResponse = z.object({
  attemptId: z.string(),
  attemptNo: z.number().int(),
  agentId: z.string(),
  dialedAt: Instant,
  callSid: z.string().optional(),
  outcome: Outcome.optional(),
  counts: z.boolean().optional().describe('Whether it counted against maxAttempts'),
  talkSec: z.number().optional(),
  endedAt: Instant.optional(),
  recordingUrl: z.string().optional(),
  rejected: z.string().optional().describe('Why the provider refused the dial'),
});

export const ContactResponse = z
  .object({
    id: z.string(),
    campaignId: z.string(),
    phone: E164,
    name: z.string().optional(),
    priority: z.number().int(),
    attributes: z.record(z.string(), z.string()),
    addedAt: Instant,
    status: z.enum(['queued', 'dialing', 'connected', 'terminal', 'done']),
    dueAt: Instant.optional().describe('While queued: not dialled before'),
    isRetry: z.boolean().optional(),
    disposition: ContactDisposition.optional().describe('When done'),
    countedAttempts: z.number().int(),
    uncountedAttempts: z.number().int(),
    lastOutcome: Outcome.optional(),
    currentAttemptId: z.string().optional(),
    attempts: z.array(AttemptResponse),
    dispositions: z.array(
      z.object({
        code: z.string(),
        at: Instant,
        attemptId: z.string().optional(),
        agentId: z.string().optional(),
        note: z.string().optional(),
        callbackAt: Instant.optional(),
      }),
    ),
  })
  .describe('A contact: where it stands in the queue, and every attempt');

export type ContactResponse = z.infer<typeof ContactResponse>;
