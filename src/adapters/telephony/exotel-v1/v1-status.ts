import type { OverallStatus } from '../../../domain/dialing/outcome.mapping.js';
import { canonicalStatusText } from '../shared/leg-status.js';

/** Call `Status` values of the v1 API (PROVIDERS.md sections 3 and 6). */
const V1_STATUSES: ReadonlySet<string> = new Set<OverallStatus>([
  'queued',
  'ringing',
  'in-progress',
  'completed',
  'busy',
  'no-answer',
  'failed',
  'canceled',
]);

const FINAL_STATUSES: ReadonlySet<OverallStatus> = new Set<OverallStatus>([
  'completed',
  'busy',
  'no-answer',
  'failed',
  'canceled',
]);

/** undefined for a value the v1 API does not document. */
export function v1OverallStatus(text: string): OverallStatus | undefined {
  const status = canonicalStatusText(text);
  return V1_STATUSES.has(status) ? (status as OverallStatus) : undefined;
}

export function isFinalV1Status(status: OverallStatus): boolean {
  return FINAL_STATUSES.has(status);
}
