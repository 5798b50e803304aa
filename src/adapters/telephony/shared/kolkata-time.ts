import { DateTime } from 'luxon';

const EXOTEL_ZONE = 'Asia/Kolkata';
const V1_FORMAT = 'yyyy-MM-dd HH:mm:ss';
// Exotel fills a time that has not happened yet with a zero date instead of leaving it empty.
const ZERO_DATE = /^0000-00-00/;

/**
 * A v1 timestamp (`YYYY-MM-DD HH:mm:ss`, India time, no zone) as ISO-8601 UTC.
 * Also reads ISO-8601 (with or without an offset; without one it is India time). undefined when unreadable.
 */
export function exotelTimeToIso(text: string): string | undefined {
  const parsed = text.includes('T')
    ? DateTime.fromISO(text, { zone: EXOTEL_ZONE })
    : DateTime.fromFormat(text, V1_FORMAT, { zone: EXOTEL_ZONE });
  return parsed.isValid ? (parsed.toUTC().toISO() ?? undefined) : undefined;
}

export function isZeroDate(text: string): boolean {
  return ZERO_DATE.test(text);
}

/** Epoch ms as a v1 timestamp (India time, no zone). */
export function toExotelV1Time(epochMs: number): string {
  return DateTime.fromMillis(epochMs, { zone: EXOTEL_ZONE }).toFormat(V1_FORMAT);
}

/** Epoch ms as CCM writes times: ISO-8601 with the India offset. */
export function toCcmTime(epochMs: number): string {
  return DateTime.fromMillis(epochMs, { zone: EXOTEL_ZONE }).toISO({ suppressMilliseconds: true }) ?? '';
}
