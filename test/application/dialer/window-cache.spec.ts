import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { WindowCache } from '../../../src/application/dialer/window-cache.js';
import { DEFAULT_WINDOW, isWindowOpen, nextWindowOpening, type CallingWindow } from '../../../src/domain/dialing/calling-window.policy.js';

const utc = (iso: string) => Date.parse(iso);
const MINUTE = 60_000;
const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** Valid windows, in zones with and without daylight saving (and a half-hour zone). */
const windows = fc
  .record({
    timeZone: fc.constantFrom('Asia/Kolkata', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'UTC'),
    days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    from: fc.integer({ min: 0, max: 23 * 60 + 58 }),
    length: fc.integer({ min: 1, max: 24 * 60 - 1 }),
  })
  .map(({ timeZone, days, from, length }): CallingWindow => ({ timeZone, days, from: hhmm(from), to: hhmm(Math.min(from + length, 23 * 60 + 59)) }))
  .filter((w) => w.to > w.from);

/** Around the 2026 DST changes in the US and in Europe, and an ordinary week. */
const starts = fc.constantFrom(utc('2026-03-07T00:00:00Z'), utc('2026-03-28T00:00:00Z'), utc('2026-10-24T00:00:00Z'), utc('2026-10-31T12:00:00Z'), utc('2026-03-02T03:30:00Z'));
/** Steps forward in time, some tiny (several asks within one state), some of hours (across changes). */
const steps = fc.array(fc.oneof(fc.integer({ min: 0, max: 5 * MINUTE }), fc.integer({ min: 0, max: 7 * 3_600_000 })), { minLength: 1, maxLength: 60 });

describe('WindowCache', () => {
  test.prop([windows, starts, steps])('answers exactly what isWindowOpen and nextWindowOpening answer, as time moves on', (window, start, moves) => {
    const cache = new WindowCache();
    let at = start;
    for (const move of moves) {
      at += move;
      expect(cache.isOpen(window, at)).toBe(isWindowOpen(window, at));
      expect(cache.nextOpening(window, at)).toBe(nextWindowOpening(window, at));
    }
  });

  test.prop([windows, starts, fc.array(fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }), { minLength: 1, maxLength: 40 })])(
    'is right even when asked out of order (a clock that steps back)',
    (window, start, offsets) => {
      const cache = new WindowCache();
      for (const offset of offsets) expect(cache.isOpen(window, start + offset)).toBe(isWindowOpen(window, start + offset));
    },
  );

  it('flips exactly at the closing and opening instants of the default window (Kolkata, 09:00–21:00)', () => {
    const cache = new WindowCache();
    const closes = utc('2026-03-02T15:30:00Z'); // 21:00 in Kolkata, a Monday
    expect(cache.isOpen(DEFAULT_WINDOW, closes - 1)).toBe(true);
    expect(cache.isOpen(DEFAULT_WINDOW, closes - 1)).toBe(true);
    expect(cache.isOpen(DEFAULT_WINDOW, closes)).toBe(false);
    const opens = utc('2026-03-03T03:30:00Z'); // 09:00 the next day
    expect(cache.nextOpening(DEFAULT_WINDOW, closes)).toBe(opens);
    expect(cache.isOpen(DEFAULT_WINDOW, opens - 1)).toBe(false);
    expect(cache.isOpen(DEFAULT_WINDOW, opens)).toBe(true);
  });

  it('looks a changed window up afresh (settings are a new object)', () => {
    const cache = new WindowCache();
    const at = utc('2026-03-02T10:00:00Z'); // 15:30 in Kolkata
    expect(cache.isOpen(DEFAULT_WINDOW, at)).toBe(true);
    expect(cache.isOpen({ ...DEFAULT_WINDOW, to: '15:00' }, at)).toBe(false);
  });

  it('leaves a window that never opens to the policy, which reports it', () => {
    const cache = new WindowCache();
    const never: CallingWindow = { ...DEFAULT_WINDOW, days: [] };
    expect(cache.isOpen(never, utc('2026-03-02T10:00:00Z'))).toBe(false);
    expect(() => cache.nextOpening(never, utc('2026-03-02T10:00:00Z'))).toThrow();
  });
});
