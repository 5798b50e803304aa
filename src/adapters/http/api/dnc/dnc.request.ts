import { z } from 'zod';

export const AddToDoNotCallRequest = z.strictObject({
  reason: z.string().optional().describe('Why (up to 200 characters), e.g. customer asked'),
});
