import { z } from 'zod';

export const ImportContactsResponse = z
  .object({
    imported: z.number().int().describe('Contacts added'),
    duplicates: z
      .number()
      .int()
      .describe('Numbers already in the campaign or repeated in this import: skipped'),
    rejected: z
      .array(
        z.object({
          row: z.number().int().describe('CSV line (the header is line 1) or JSON index + 1'),
          reason: z.string(),
        }),
      )
      .describe('Rejected rows (the first 1000)'),
    rejectedCount: z.number().int().describe('All rejected rows'),
  })
  .describe('What the import did');

export type ImportContactsResponse = z.infer<typeof ImportContactsResponse>;
