import { z } from 'zod';
import {
  DIAL_CALL_STATUSES,
  type DialCallStatus,
  type DialWhomRequest,
} from '../../../application/dial-whom/dial-whom.messages.js';
import { ID_PATTERN } from '../../../application/events/streams.js';

/** A query value Exotel may leave empty or send as the text `null` (then: not given). */
const optionalText = z
  .string({ error: 'must be given once, as text' })
  .optional()
  .transform((value) => {
    const text = value?.trim();
    return text === undefined || text === '' || text.toLowerCase() === 'null' ? undefined : text;
  });

const SPELLINGS: Readonly<Record<string, DialCallStatus>> = {
  cancelled: 'canceled',
  no_answer: 'no-answer',
  noanswer: 'no-answer',
};

const dialCallStatus = optionalText.transform((value, context) => {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  const status =
    SPELLINGS[lower] ?? (DIAL_CALL_STATUSES as readonly string[]).find((known) => known === lower);
  if (status === undefined) {
    context.addIssue({ code: 'custom', message: `must be one of ${DIAL_CALL_STATUSES.join(', ')}` });
    return z.NEVER;
  }
  return status as DialCallStatus;
});

/**
 * The query string of Exotel's Connect applet request (PROVIDERS.md section 5). Only what Dial Whom needs is read;
 * every other parameter (CallTo, Direction, CurrentTime, digits…) is allowed and ignored.
 */
export const DialWhomQuery = z.looseObject({
  CallSid: z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be given once, as text') })
    .trim()
    .regex(ID_PATTERN, 'must be 1-100 letters, digits, and . _ : -'),
  CallFrom: optionalText,
  Callfrom: optionalText,
  From: optionalText,
  DialCallStatus: dialCallStatus,
  DialWhomNumber: optionalText,
});

/** Validates the query (a ZodError answers 400 naming the parameter) and turns it into the use case's request. */
export function dialWhomRequestOf(query: unknown, nowMs: number): DialWhomRequest {
  const parsed = DialWhomQuery.parse(query ?? {});
  const callerNumber = parsed.CallFrom ?? parsed.Callfrom ?? parsed.From;
  return {
    callSid: parsed.CallSid,
    nowMs,
    ...(callerNumber === undefined ? {} : { callerNumber }),
    ...(parsed.DialCallStatus === undefined ? {} : { dialCallStatus: parsed.DialCallStatus }),
    ...(parsed.DialWhomNumber === undefined ? {} : { dialWhomNumber: parsed.DialWhomNumber }),
  };
}
