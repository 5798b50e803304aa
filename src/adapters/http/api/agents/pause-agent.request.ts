import { z } from 'zod';

export const PauseAgentRequest = z.strictObject({
  reason: z.string().describe('Why, e.g. break, training, missed-call (1-120 characters)'),
});
