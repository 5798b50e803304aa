import type { LegStatus } from '../../../domain/dialing/outcome.mapping.js';

const LEG_STATUSES: ReadonlySet<string> = new Set<LegStatus>([
  'completed',
  'busy',
  'no-answer',
  'failed',
  'canceled',
  'in-progress',
  'ringing',
  'none',
]);

/** `no_answer`, `No Answer`, `cancelled` → the hyphenated American spelling both Exotel APIs mostly use. */
export function canonicalStatusText(value: string): string {
  const text = value
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  return text === 'cancelled' ? 'canceled' : text;
}

/**
 * A leg status as either API reports it. Empty, null or missing means the leg was never dialled (`none`);
 * undefined means a value we do not know.
 */
export function normaliseLegStatus(value: unknown): LegStatus | undefined {
  if (value === undefined || value === null) return 'none';
  if (typeof value !== 'string') return undefined;
  const text = canonicalStatusText(value);
  if (text === '') return 'none';
  return LEG_STATUSES.has(text) ? (text as LegStatus) : undefined;
}
