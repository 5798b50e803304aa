import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { epochMs } from '../../src/application/projections/iso-millis.js';

describe('epochMs: Date.parse, faster for toISOString times', () => {
  test.prop([fc.integer({ min: Date.UTC(100, 0, 1), max: Date.UTC(9999, 11, 31) })], { numRuns: 3_000 })('any time written by toISOString', (ms) => {
    const iso = new Date(ms).toISOString();
    expect(epochMs(iso)).toBe(ms);
    expect(epochMs(iso.replace(/\.\d{3}Z$/, 'Z'))).toBe(Date.parse(iso.replace(/\.\d{3}Z$/, 'Z')));
  });

  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  test.prop(
    [fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }), fc.integer({ min: 0, max: 61 }), fc.integer({ min: 0, max: 999 })],
    { numRuns: 3_000 },
  )('any text of that shape, valid or not, as Date.parse reads it', (year, month, day, hour, minute, second, milli) => {
    const iso = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}.${pad(milli, 3)}Z`;
    expect(epochMs(iso)).toBe(Date.parse(iso));
  });

  it.each(['2026-03-02T03:30:00+05:30', '2026-03-02', '2026-03-02T03:30:00.000z', '2026-02-30T00:00:00.000Z', '', 'soon', '+012026-03-02T03:30:00.000Z', '2026-03-02T24:00:00.000Z'])('%s as Date.parse reads it', (text) => {
    expect(epochMs(text)).toBe(Date.parse(text));
  });
});
