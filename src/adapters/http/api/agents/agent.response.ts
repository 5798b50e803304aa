import { z } from 'zod';
import { E164, Instant } from '../shared/api-schemas.js';

export const AgentStatus = z.enum(['offline', 'available', 'paused', 'reserved', 'on-call', 'wrap-up']);

export const AgentResponse = z
  .object({
    id: z.string(),
    name: z.string(),
    phone: E164,
    ccmUserId: z.string().optional(),
    status: AgentStatus,
    since: Instant.describe('When the current status began'),
    idleSince: Instant.optional(),
    reason: z.string().optional().describe('While paused'),
    attemptId: z.string().optional().describe('While reserved, on a call or wrapping up'),
    contactId: z.string().optional(),
    campaignId: z.string().optional(),
    wrapUpUntil: Instant.optional(),
    afterCall: z
      .enum(['pause', 'logout'])
      .optional()
      .describe('Asked for while busy: takes effect after the call'),
    campaigns: z.array(z.string()).describe('Assigned campaigns'),
  })
  .describe('An agent and their presence');

export const AgentListResponse = z.object({ agents: z.array(AgentResponse) });

export const ListAgentsQuery = z.strictObject({
  campaignId: z.string().optional().describe('Only agents assigned to this campaign'),
  status: AgentStatus.optional(),
});

export type AgentResponse = z.infer<typeof AgentResponse>;
export type AgentListResponse = z.infer<typeof AgentListResponse>;
