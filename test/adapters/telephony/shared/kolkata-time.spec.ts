import { describe, expect, it } from '@jest/globals';
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
