import { z } from 'zod';
import { Id, InstantInput, PhoneInput } from '../shared/api-schemas.js';

const Attribute = z.union([z.string(), z.number(), z.boolean()]);

/**
 * One contact to import (JSON). Each row is checked on its own: a bad row is reported in `rejected` with its
 * index + 1, the others are imported. Any key not listed is kept as a string attribute.
 */
export const ContactRowInput = z
  .object({
    id: Id.optional().describe(
      'Contact id; when omitted it is derived from campaign + number (so a number is imported once)',
    ),
    phone: PhoneInput,
    name: z.string().max(200).optional(),
    priority: z
      .number()
      .int()
      .min(0)
      .max(100)
      .optional()
      .describe('Higher first among new contacts, 0-100 (default 0)'),
    timezone: z.string().optional().describe('IANA time zone of the contact, kept as an attribute'),
    dueAt: InstantInput.optional().describe('Not to be dialled before'),
  })
  .catchall(Attribute);

export const ImportContactsJsonRequest = z
  .array(ContactRowInput)
  .describe('A JSON array of contacts (body up to 1 MB; use text/csv for large lists)');

/** What the JSON body must be before rows are checked one by one. */
export const JsonRowsBody = z.array(z.unknown(), { error: 'the body must be a JSON array of contacts' });

export const ImportContactsCsvRequest = z
  .string()
  .describe(
    'CSV with a header row: `phone` required; `name`, `priority`, `timezone`, `id`, `dueAt` known; any other column is kept as a string attribute. Streamed: any size.',
  );
