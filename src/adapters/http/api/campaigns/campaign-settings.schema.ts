import { z } from 'zod';
import { CAMPAIGN_PROVIDERS } from '../../../../domain/campaign/campaign-settings.js';

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const hhmm = z.string().regex(HH_MM, 'must be a time HH:mm');

export const Provider = z
  .enum(CAMPAIGN_PROVIDERS as ['exotel-v1', 'ccm-v2', 'sandbox'])
  .describe('Telephony provider the campaign dials through');

export const WindowInput = z
  .strictObject({
    timeZone: z.string().describe('IANA time zone, e.g. Asia/Kolkata'),
    days: z.array(z.number().int()).describe('ISO weekdays, 1 = Monday … 7 = Sunday'),
    from: hhmm.describe('Local opening time HH:mm (inclusive)'),
    to: hhmm.describe('Local closing time HH:mm (exclusive)'),
  })
  .partial()
  .describe('Calling window; keys not given keep their current (or default) value');

export const RetryRuleInput = z
  .strictObject({
    retryAfterSec: z.number().describe('Wait before the next attempt, seconds (0 or more)'),
    backoffFactor: z.number().describe('Each further attempt waits this many times longer (1-10)'),
    maxAttempts: z.number().int().describe('Attempts that count, at most (1-10)'),
  })
  .partial();

export const RetryInput = z
  .strictObject({
    busy: RetryRuleInput.nullable(),
    'no-answer': RetryRuleInput.nullable(),
    failed: RetryRuleInput.nullable(),
  })
  .partial()
  .describe(
    'Retry rule per outcome; a partial rule is completed from the current one, null removes the rule (no retry)',
  );

export const RecordingInput = z
  .strictObject({ enabled: z.boolean(), channels: z.enum(['single', 'dual']) })
  .partial()
  .describe('Call recording');

/** Settings fields a client may send (create and PATCH); the domain guards ranges and names the field. */
export const settingsInputShape = {
  name: z.string().describe('1-120 characters'),
  callerId: z.string().describe('The ExoPhone both parties see; default EXOTEL_CALLER_ID'),
  provider: Provider,
  window: WindowInput,
  retry: RetryInput,
  ringTimeoutSec: z.number().int().describe('Ring time per leg, 5-120 s'),
  maxCallDurationSec: z.number().int().describe('30-14400 s'),
  wrapUpSec: z.number().int().describe('Agent wrap-up after a call, 0-3600 s'),
  recording: RecordingInput,
};

const RetryRule = z.object({
  retryAfterSec: z.number(),
  backoffFactor: z.number().optional(),
  maxAttempts: z.number().int(),
});

export const CampaignSettingsResponse = z.object({
  name: z.string(),
  callerId: z.string(),
  provider: Provider,
  window: z.object({
    timeZone: z.string(),
    days: z.array(z.number().int()),
    from: z.string(),
    to: z.string(),
  }),
  retry: z.object({
    busy: RetryRule.optional(),
    'no-answer': RetryRule.optional(),
    failed: RetryRule.optional(),
  }),
  ringTimeoutSec: z.number().int(),
  maxCallDurationSec: z.number().int(),
  wrapUpSec: z.number().int(),
  recording: z.object({ enabled: z.boolean(), channels: z.enum(['single', 'dual']) }),
});
