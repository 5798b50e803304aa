import { DateTime, IANAZone } from 'luxon';
import { DomainError } from '../shared/domain-error.js';

/**
 * When customers may be called, by their local clock. Offsets come from the IANA zone (luxon), so the
 * window follows daylight saving: a local time skipped by spring-forward opens at the first instant after
 * the gap, and a local hour repeated at fall-back is judged by the clock both times it is lived.
 */
export interface CallingWindow {
  readonly timeZone: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  readonly days: readonly number[];
  /** Local opening time, `HH:mm`, inclusive. */
  readonly from: string;
  /** Local closing time, `HH:mm`, exclusive. */
  readonly to: string;
}

export const DEFAULT_WINDOW: CallingWindow = {
  timeZone: 'Asia/Kolkata',
  days: [1, 2, 3, 4, 5, 6],
  from: '09:00',
  to: '21:00',
};

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/**
 * A week is not enough: an allowed day's whole window can be skipped (02:00–02:01 on a spring-forward
 * Sunday, or Samoa's 30 December 2011), and then the next opening is the following week's.
 */
const SEARCH_HORIZON_MS = 22 * DAY_MS;
/** Zone offsets are sampled this far apart to find a change; no zone changes its offset twice within it. */
const OFFSET_PROBE_MS = 6 * 3_600_000;

export function validateWindow(w: CallingWindow): void {
  if (typeof w.timeZone !== 'string' || !IANAZone.isValidZone(w.timeZone)) {
    throw invalidWindow(
      `"${String(w.timeZone)}" is not an IANA time zone (e.g. Asia/Kolkata)`,
      'window.timeZone',
    );
  }
  const from = minuteOfDay(w.from);
  if (from === undefined)
    throw invalidWindow('from must be a time HH:mm between 00:00 and 23:59', 'window.from');
  const to = minuteOfDay(w.to);
  if (to === undefined) throw invalidWindow('to must be a time HH:mm between 00:00 and 23:59', 'window.to');
  if (to <= from) throw invalidWindow(`to (${w.to}) must be after from (${w.from})`, 'window.to');
  if (!Array.isArray(w.days) || w.days.length === 0)
    throw invalidWindow('at least one weekday is needed', 'window.days');
  if (w.days.some((day) => !Number.isInteger(day) || day < 1 || day > 7)) {
    throw invalidWindow('days are ISO weekdays from 1 (Monday) to 7 (Sunday)', 'window.days');
  }
  if (new Set(w.days).size !== w.days.length) throw invalidWindow('a weekday is listed twice', 'window.days');
}

export function isWindowOpen(w: CallingWindow, atMs: number): boolean {
  const local = DateTime.fromMillis(atMs, { zone: w.timeZone });
  if (!local.isValid || !w.days.includes(local.weekday)) return false;
  const msOfDay = ((local.hour * 60 + local.minute) * 60 + local.second) * 1000 + local.millisecond;
  return msOfDay >= openingMs(w) && msOfDay < closingMs(w);
}

/** `atMs` when the window is open, else the first instant after it at which it opens. */
export function nextWindowOpening(w: CallingWindow, atMs: number): number {
  if (isWindowOpen(w, atMs)) return atMs;
  const zone = zoneOf(w);
  const horizon = atMs + SEARCH_HORIZON_MS;
  for (let start = atMs; start < horizon;) {
    const end = nextOffsetChange(zone, start, horizon);
    const opening = firstLocalTimeWithin(w, start, end, zone.offset(start) * MINUTE_MS, openingMs(w), true);
    if (opening !== undefined) return opening;
    if (end < horizon && isWindowOpen(w, end)) return end;
    start = end;
  }
  throw invalidWindow('the calling window never opens', 'window.days');
}

/** While open, the instant the window next closes; undefined while it is closed. */
export function windowClosesAt(w: CallingWindow, atMs: number): number | undefined {
  if (!isWindowOpen(w, atMs)) return undefined;
  const zone = zoneOf(w);
  const horizon = atMs + 2 * DAY_MS;
  for (let start = atMs; start < horizon;) {
    const end = nextOffsetChange(zone, start, horizon);
    const closing = firstLocalTimeWithin(w, start, end, zone.offset(start) * MINUTE_MS, closingMs(w), false);
    if (closing !== undefined) return closing;
    if (end < horizon && !isWindowOpen(w, end)) return end;
    start = end;
  }
  return horizon;
}

/**
 * Within [start, end), where the zone keeps one offset, the first instant whose local time is `msOfDay`
 * (on an allowed weekday when `allowedDaysOnly`).
 */
function firstLocalTimeWithin(
  w: CallingWindow,
  start: number,
  end: number,
  offsetMs: number,
  msOfDay: number,
  allowedDaysOnly: boolean,
): number | undefined {
  const localStart = start + offsetMs;
  const localEnd = end + offsetMs;
  for (let day = Math.floor(localStart / DAY_MS); day * DAY_MS < localEnd; day++) {
    const local = day * DAY_MS + msOfDay;
    if (local < localStart || local >= localEnd) continue;
    if (allowedDaysOnly && !w.days.includes(isoWeekdayOfLocalDay(day))) continue;
    return local - offsetMs;
  }
  return undefined;
}

/** The first instant in (start, limit) where the zone's offset differs from that at `start`, else `limit`. */
function nextOffsetChange(zone: IANAZone, start: number, limit: number): number {
  const offset = zone.offset(start);
  for (let probe = start; probe < limit; probe += OFFSET_PROBE_MS) {
    const next = Math.min(probe + OFFSET_PROBE_MS, limit);
    if (zone.offset(next) !== offset) return firstDifferentOffset(zone, offset, probe, next);
  }
  return limit;
}

/** Binary search: `zone.offset(before) === offset` and `zone.offset(after) !== offset`. */
function firstDifferentOffset(zone: IANAZone, offset: number, before: number, after: number): number {
  let lo = before;
  let hi = after;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (zone.offset(mid) === offset) lo = mid;
    else hi = mid;
  }
  return hi;
}

function isoWeekdayOfLocalDay(daysSinceEpoch: number): number {
  return DateTime.fromMillis(daysSinceEpoch * DAY_MS, { zone: 'UTC' }).weekday;
}

function zoneOf(w: CallingWindow): IANAZone {
  const zone = IANAZone.create(w.timeZone);
  if (!zone.isValid) throw invalidWindow(`"${w.timeZone}" is not an IANA time zone`, 'window.timeZone');
  return zone;
}

function openingMs(w: CallingWindow): number {
  return (minuteOfDay(w.from) ?? Number.NaN) * MINUTE_MS;
}

function closingMs(w: CallingWindow): number {
  return (minuteOfDay(w.to) ?? Number.NaN) * MINUTE_MS;
}

function minuteOfDay(hhmm: string): number | undefined {
  const match = typeof hhmm === 'string' ? HH_MM.exec(hhmm) : null;
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

function invalidWindow(message: string, field: string): DomainError {
  return new DomainError('campaign.invalid-window', message, field);
}
