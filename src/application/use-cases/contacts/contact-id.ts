import { createHash } from 'node:crypto';

/**
 * The id of a contact imported without one: derived from the campaign and the E.164 number, so the same number
 * in the same campaign always names the same contact stream. That is the per-campaign duplicate check: adding it
 * again is `contact.already-exists`, and re-importing a file adds nothing.
 */
export function contactIdFor(campaignId: string, e164: string): string {
  return `ct-${createHash('sha256').update(`${campaignId}\u0000${e164}`).digest('hex').slice(0, 24)}`;
}
