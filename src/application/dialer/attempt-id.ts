import { randomFillSync } from 'node:crypto';

const SEPARATOR = '~';
const SUFFIX_BYTES = 3;

/** Random bytes drawn a few kilobytes at a time: one system call per ~1,300 attempts instead of one per attempt. */
const pool = Buffer.alloc(4096 - (4096 % SUFFIX_BYTES));
let used = pool.length;

function randomSuffix(): string {
  if (used + SUFFIX_BYTES > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  used += SUFFIX_BYTES;
  return pool.toString('hex', used - SUFFIX_BYTES, used);
}

/**
 * Attempt ids carry their contact id (`<contactId>~<suffix>`, at most ~112 characters, within CustomField's 128),
 * so any instance can route a provider callback to the contact's stream without an index.
 */
export function newAttemptId(contactId: string, nowMs: number): string {
  return `${contactId}${SEPARATOR}${nowMs.toString(36)}${randomSuffix()}`;
}

export function contactOfAttempt(attemptId: string): string | undefined {
  const at = attemptId.lastIndexOf(SEPARATOR);
  return at > 0 ? attemptId.slice(0, at) : undefined;
}
