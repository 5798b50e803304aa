import { z } from 'zod';
import { InstantInput } from '../shared/api-schemas.js';

export const StatsQuery = z.strictObject({
  asOf: InstantInput.optional().describe(
    'Answer as of this moment (business time), by replaying the event log; default now',
  ),
});
