import { DateTime } from 'luxon';

const EXOTEL_ZONE = 'Asia/Kolkata';
const V1_FORMAT = 'yyyy-MM-dd HH:mm:ss';
// Exotel fills a time that has not happened yet with a zero date instead of leaving it empty.
const ZERO_DATE = /^0000-00-00/;
const V1_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
/** India time is UTC+05:30 all year (no DST) since 15 Oct 1945; earlier times go through the zone database. */
const INDIA_OFFSET_MS = 330 * 60_000;
const FIXED_OFFSET_SINCE_MS = Date.UTC(1946, 0, 1);
const MAX_FIXED_MS = Date.UTC(10_000, 0, 1) - 1;

/**
 * A v1 timestamp (`YYYY-MM-DD HH:mm:ss`, India time, no zone) as ISO-8601 UTC.
 * Also reads ISO-8601 (with or without an offset; without one it is India time). undefined when unreadable.
 */
export function exotelTimeToIso(text: string): string | undefined {
  const fast = v1TimeToIso(text);
  if (fast !== undefined) return fast;
  const parsed = text.includes('T')
    ? DateTime.fromISO(text, { zone: EXOTEL_ZONE })
    : DateTime.fromFormat(text, V1_FORMAT, { zone: EXOTEL_ZONE });
  return parsed.isValid ? (parsed.toUTC().toISO() ?? undefined) : undefined;
}

/**
 * The common case without luxon (which spent about 60 µs per callback on it): a v1 time from 1946 on, read with the
 * fixed +05:30 offset. undefined for anything else, which is then read as before.
 */
function v1TimeToIso(text: string): string | undefined {
  const match = V1_TIME.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(local);
  // Date.UTC rolls 31 April over into May: such a day is no date (luxon: invalid)
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  const utc = local - INDIA_OFFSET_MS;
  if (utc < FIXED_OFFSET_SINCE_MS) return undefined;
  return new Date(utc).toISOString();
}

export function isZeroDate(text: string): boolean {
  return ZERO_DATE.test(text);
}

/** Epoch ms as a v1 timestamp (India time, no zone). */
export function toExotelV1Time(epochMs: number): string {
  if (epochMs >= FIXED_OFFSET_SINCE_MS && epochMs <= MAX_FIXED_MS - INDIA_OFFSET_MS) {
    const iso = new Date(epochMs + INDIA_OFFSET_MS).toISOString();
    return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  }
  return DateTime.fromMillis(epochMs, { zone: EXOTEL_ZONE }).toFormat(V1_FORMAT);
}

/** Epoch ms as CCM writes times: ISO-8601 with the India offset. */
export function toCcmTime(epochMs: number): string {
  return DateTime.fromMillis(epochMs, { zone: EXOTEL_ZONE }).toISO({ suppressMilliseconds: true }) ?? '';
}
