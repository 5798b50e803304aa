import { createHash } from 'node:crypto';

const SEPARATOR = '~';
const INBOUND_SUFFIX = /^in-([0-9a-f]{12})-(\d{1,6})$/;

/**
 * The attempt an inbound call holds an agent for: `<contactId>~in-<call key>-<offer number>`. It follows the
 * dialer's `<contactId>~<suffix>` convention (so `contactOfAttempt` routes it), and unlike `newAttemptId` it is
 * derived from the CallSid: a retried or concurrent request, in this process or after a restart, names the same
 * attempt, and the dialer can tell an inbound hold (no ContactDialed behind it, by design) from an outbound
 * reservation a crash left without a dial. `newAttemptId` suffixes are base-36 without a dash: no clash.
 */
export function inboundAttemptId(contactId: string, callSid: string, offerNo: number): string {
  return `${contactId}${SEPARATOR}in-${callKeyOf(callSid)}-${offerNo}`;
}

export interface InboundAttempt {
  readonly contactId: string;
  readonly callKey: string;
  readonly offerNo: number;
}

export function parseInboundAttempt(attemptId: string): InboundAttempt | undefined {
  const at = attemptId.lastIndexOf(SEPARATOR);
  if (at <= 0) return undefined;
  const match = INBOUND_SUFFIX.exec(attemptId.slice(at + 1));
  if (match === null) return undefined;
  return { contactId: attemptId.slice(0, at), callKey: match[1]!, offerNo: Number(match[2]) };
}

export function isInboundAttempt(attemptId: string): boolean {
  return parseInboundAttempt(attemptId) !== undefined;
}

/** A short, stable stand-in for a CallSid inside attempt ids (CallSids are provider-chosen and can be long). */
export function callKeyOf(callSid: string): string {
  return createHash('sha256').update(callSid).digest('hex').slice(0, 12);
}
