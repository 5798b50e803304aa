import { z } from 'zod';
import { Id, PhoneInput } from '../shared/api-schemas.js';

export const RegisterAgentRequest = z
  .strictObject({
    id: Id.optional().describe('Agent id; generated when omitted'),
    name: z.string().describe('1-120 characters'),
    phone: PhoneInput.describe('The agent’s phone (rung first), national or E.164'),
    ccmUserId: z
      .string()
      .min(1)
      .max(128)
      .optional()
      .describe('Exotel CCM user id (ccm-v2 can ring the agent by it)'),
    campaigns: z.array(Id).max(1000).optional().describe('Existing campaigns to assign the agent to'),
  })
  .describe('A new agent (offline until made ready)');
