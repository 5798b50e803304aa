import { z } from 'zod';
import { Id } from '../shared/api-schemas.js';

export const AssignAgentsRequest = z.strictObject({
  agentIds: z.array(Id).min(1).max(1000).describe('Registered agents to assign'),
});
