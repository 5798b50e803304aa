import { z } from 'zod';
import { ID_PATTERN } from '../../../../application/events/streams.js';

/** Ids we accept from outside: safe in stream names, URLs and logs. */
export const Id = z
  .string()
  .regex(ID_PATTERN, 'must be 1-100 letters, digits, and . _ : -')
  .describe('1-100 letters, digits, and . _ : - (starting with a letter or digit)');

/** ISO-8601 UTC time as the service writes it. */
export const Instant = z.string().describe('ISO-8601 time, e.g. 2026-03-02T04:30:00.000Z');

/** An ISO-8601 time from a client: must carry its offset (`Z` or `+05:30`). */
export const InstantInput = z.iso
  .datetime({ offset: true })
  .describe('ISO-8601 time with an offset, e.g. 2026-03-02T10:00:00+05:30');

export const PhoneInput = z
  .string()
  .min(1)
  .max(40)
  .describe(
    'A phone number in national (09876543210) or international (+919876543210) form; stored as E.164',
  );

export const E164 = z.string().describe('E.164 phone number, e.g. +919876543210');

export const ErrorResponse = z
  .object({
    error: z
      .string()
      .describe('Stable error code, e.g. campaign.illegal-transition, invalid-request, unauthorized'),
    message: z.string(),
    details: z.unknown().optional().describe('For 400: the field(s) at fault'),
  })
  .describe('Every error answer');

export type ErrorResponse = z.infer<typeof ErrorResponse>;
