import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { DateTime } from 'luxon';
import {
  exotelTimeToIso,
  toCcmTime,
  toExotelV1Time,
} from '../../../../src/adapters/telephony/shared/kolkata-time.js';

describe('Exotel times (Asia/Kolkata, UTC+05:30, no DST)', () => {
  it.each([
    ['2025-01-06 10:00:00', '2025-01-06T04:30:00.000Z'],
    ['2025-01-06 03:15:09', '2025-01-05T21:45:09.000Z'],
    ['2021-07-28T03:07:12+05:30', '2021-07-27T21:37:12.000Z'],
    ['2021-07-28T03:07:12Z', '2021-07-28T03:07:12.000Z'],
    ['2021-07-28T03:07:12', '2021-07-27T21:37:12.000Z'],
  ])('%s → %s', (text, iso) => {
    expect(exotelTimeToIso(text)).toBe(iso);
  });

  it.each(['', '06/01/2025 10:00', '2025-13-01 10:00:00', 'yesterday'])('"%s" is no time', (text) => {
    expect(exotelTimeToIso(text)).toBeUndefined();
  });

  it('writes v1 and CCM times back, round trip', () => {
    const epochMs = Date.UTC(2025, 0, 6, 4, 30, 5);
    expect(toExotelV1Time(epochMs)).toBe('2025-01-06 10:00:05');
    expect(toCcmTime(epochMs)).toBe('2025-01-06T10:00:05+05:30');
    expect(exotelTimeToIso(toExotelV1Time(epochMs))).toBe(new Date(epochMs).toISOString());
    expect(exotelTimeToIso(toCcmTime(epochMs))).toBe(new Date(epochMs).toISOString());
  });
});

describe('Exotel times without luxon: the same answers as luxon', () => {
  const viaLuxon = (text: string): string | undefined => {
    const parsed = DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm:ss', { zone: 'Asia/Kolkata' });
    return parsed.isValid ? (parsed.toUTC().toISO() ?? undefined) : undefined;
  };
  const pad = (n: number, width: number) => String(n).padStart(width, '0');

  test.prop([fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }), fc.integer({ min: 0, max: 61 })], { numRuns: 2_000 })(
    'any v1-shaped text, valid or not, before and after 1946',
    (year, month, day, hour, minute, second) => {
      const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)} ${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}`;
      expect(exotelTimeToIso(text)).toBe(viaLuxon(text));
    },
  );

  test.prop([fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(9999, 0, 1) })], { numRuns: 2_000 })('v1 times written back, luxon or not', (epochMs) => {
    expect(toExotelV1Time(epochMs)).toBe(DateTime.fromMillis(epochMs, { zone: 'Asia/Kolkata' }).toFormat('yyyy-MM-dd HH:mm:ss'));
  });

  it.each(['2024-02-29 23:59:59', '2023-02-29 10:00:00', '2025-04-31 10:00:00', '1945-10-15 00:00:00', '1946-01-01 05:29:59', '1946-01-01 05:30:00', '2025-01-06\u00a010:00:00', ' 2025-01-06 10:00:00'])(
    '%s as luxon reads it',
    (text) => {
      expect(exotelTimeToIso(text)).toBe(viaLuxon(text));
    },
  );
});
