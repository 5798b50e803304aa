import { randomBytes } from 'node:crypto';

const SEPARATOR = '~';

/**
 * Attempt ids carry their contact id (`<contactId>~<suffix>`, at most ~112 characters, within CustomField's 128),
 * so any instance can route a provider callback to the contact's stream without an index.
 */
export function newAttemptId(contactId: string, nowMs: number): string {
  return `${contactId}${SEPARATOR}${nowMs.toString(36)}${randomBytes(3).toString('hex')}`;
}

export function contactOfAttempt(attemptId: string): string | undefined {
  const at = attemptId.lastIndexOf(SEPARATOR);
  return at > 0 ? attemptId.slice(0, at) : undefined;
}
