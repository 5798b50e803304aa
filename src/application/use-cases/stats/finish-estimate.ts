import { SERIES_INTERVAL_MS, type SeriesRow } from '../../projections/metrics.projection.js';

export interface FinishEstimate {
  readonly remainingContacts: number;
  readonly avgDialsPerContact: number;
  readonly dialsLastHour: number;
  readonly dialsPerHour: number;
  /** null while nothing was dialled in the last hour (no rate to extrapolate from). */
  readonly finishInSec: number | null;
  readonly finishAt: string | null;
}

export interface EstimateInput {
  /** Open contacts: never dialled + waiting for a retry + on a call now. */
  readonly remaining: number;
  /** Attempts that ended, over the whole campaign. */
  readonly dialed: number;
  /** Contacts that have been dialled at least once or are done: completed + retryPending + dialing. */
  readonly touched: number;
  readonly series: readonly SeriesRow[];
  readonly firstDialAt?: string;
  readonly nowMs: number;
}

const HOUR_MS = 3_600_000;

/**
 * Estimated time to finish the list:
 *
 *   finishInSec = remaining × avgDialsPerContact ÷ dialRate
 *
 * - remaining          = queued + retryPending + dialing (contacts not done yet)
 * - avgDialsPerContact = dialed ÷ touched, at least 1 (a contact needs one dial even when none was made yet),
 *                        where touched = completed + retryPending + dialing
 * - dialRate           = dials (ended attempts) in the last hour ÷ the part of that hour the campaign was dialling,
 *                        from the 15-minute series: the buckets that start within the last hour (plus the one the
 *                        hour starts in), over the time from the later of that bucket's start and the first dial
 *
 * null when nothing was dialled in the last hour (paused, outside the window, or not started).
 */
export function estimateFinish(input: EstimateInput): FinishEstimate {
  const { remaining, dialed, touched, series, nowMs } = input;
  const avgDialsPerContact = touched > 0 && dialed > 0 ? Math.max(1, dialed / touched) : 1;
  const hourStart = nowMs - HOUR_MS;
  const firstBucket = hourStart - (hourStart % SERIES_INTERVAL_MS);
  let dialsLastHour = 0;
  for (const row of series) {
    const start = Date.parse(row.bucket);
    if (start >= firstBucket && start <= nowMs) dialsLastHour += row.dialed;
  }
  const firstDial = input.firstDialAt === undefined ? firstBucket : Date.parse(input.firstDialAt);
  const spanMs = nowMs - Math.max(firstBucket, Math.min(firstDial, nowMs));
  const dialsPerHour = spanMs > 0 ? (dialsLastHour * HOUR_MS) / spanMs : 0;
  if (remaining === 0)
    return {
      remainingContacts: 0,
      avgDialsPerContact,
      dialsLastHour,
      dialsPerHour,
      finishInSec: 0,
      finishAt: new Date(nowMs).toISOString(),
    };
  if (dialsPerHour <= 0)
    return {
      remainingContacts: remaining,
      avgDialsPerContact,
      dialsLastHour,
      dialsPerHour: 0,
      finishInSec: null,
      finishAt: null,
    };
  const finishInSec = Math.round(((remaining * avgDialsPerContact) / dialsPerHour) * 3600);
  return {
    remainingContacts: remaining,
    avgDialsPerContact,
    dialsLastHour,
    dialsPerHour,
    finishInSec,
    finishAt: new Date(nowMs + finishInSec * 1000).toISOString(),
  };
}
