import { z } from 'zod';
import { Id, InstantInput } from '../shared/api-schemas.js';

export const DispositionRequest = z
  .strictObject({
    code: z
      .string()
      .describe('Outcome code, 1-64 letters, digits, - or _ ; "do-not-call" ends the contact for good'),
    note: z.string().optional().describe('Up to 2000 characters'),
    callbackAt: InstantInput.optional().describe('Call the customer back at this time (a scheduled retry)'),
    contactId: Id.optional().describe('Default: the contact of the agent’s current or last call'),
    attemptId: Id.optional(),
  })
  .describe('What came of the call, given by the agent');
