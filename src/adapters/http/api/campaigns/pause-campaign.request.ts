import { z } from 'zod';

export const PauseCampaignRequest = z.strictObject({
  reason: z.string().optional().describe('Why (1-120 characters); default "operator"'),
});
