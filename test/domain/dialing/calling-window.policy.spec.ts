import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { DomainError } from '../../../src/domain/shared/domain-error.js';
import {
  DEFAULT_WINDOW,
  isWindowOpen,
  nextWindowOpening,
  validateWindow,
  windowClosesAt,
  type CallingWindow,
} from '../../../src/domain/dialing/calling-window.policy.js';

const utc = (iso: string) => Date.parse(iso);
const every: readonly number[] = [1, 2, 3, 4, 5, 6, 7];
const window = (overrides: Partial<CallingWindow>): CallingWindow => ({ ...DEFAULT_WINDOW, ...overrides });

function rejection(w: CallingWindow): DomainError {
  try {
    validateWindow(w);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the window to be rejected');
}

describe('validateWindow', () => {
  it('accepts the default window: Asia/Kolkata, Monday to Saturday, 09:00 to 21:00', () => {
    expect(DEFAULT_WINDOW).toEqual({
      timeZone: 'Asia/Kolkata',
      days: [1, 2, 3, 4, 5, 6],
      from: '09:00',
      to: '21:00',
    });
    expect(() => validateWindow(DEFAULT_WINDOW)).not.toThrow();
    expect(() =>
      validateWindow(window({ timeZone: 'America/New_York', days: [7], from: '00:00', to: '23:59' })),
    ).not.toThrow();
  });

  it.each([
    ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, 'window.timeZone'],
    ['an empty time zone', { timeZone: '' }, 'window.timeZone'],
    ['an opening without leading zero', { from: '9:00' }, 'window.from'],
    ['an opening at 24:00', { from: '24:00' }, 'window.from'],
    ['an opening at minute 60', { from: '08:60' }, 'window.from'],
    ['a closing that is not HH:mm', { to: '9pm' }, 'window.to'],
    ['a closing equal to the opening', { from: '21:00', to: '21:00' }, 'window.to'],
    ['a closing before the opening', { from: '21:00', to: '09:00' }, 'window.to'],
    ['no weekdays', { days: [] }, 'window.days'],
    ['a weekday listed twice', { days: [1, 2, 2] }, 'window.days'],
    ['weekday 0', { days: [0, 1] }, 'window.days'],
    ['weekday 8', { days: [8] }, 'window.days'],
    ['a fractional weekday', { days: [1.5] }, 'window.days'],
  ])('rejects %s, naming the field', (_what, overrides, field) => {
    const error = rejection(window(overrides));
    expect(error.code).toBe('campaign.invalid-window');
    expect(error.field).toBe(field);
  });
});

describe('calling window in Asia/Kolkata (UTC+05:30, no daylight saving)', () => {
  it('is open from 09:00 inclusive to 21:00 exclusive on an allowed day', () => {
    expect(isWindowOpen(DEFAULT_WINDOW, utc('2024-06-03T03:29:59.999Z'))).toBe(false); // Mon 08:59:59.999
    expect(isWindowOpen(DEFAULT_WINDOW, utc('2024-06-03T03:30:00.000Z'))).toBe(true); // Mon 09:00
    expect(isWindowOpen(DEFAULT_WINDOW, utc('2024-06-03T15:29:59.999Z'))).toBe(true); // Mon 20:59:59.999
    expect(isWindowOpen(DEFAULT_WINDOW, utc('2024-06-03T15:30:00.000Z'))).toBe(false); // Mon 21:00
  });

  it('stays closed all Sunday', () => {
    expect(isWindowOpen(DEFAULT_WINDOW, utc('2024-06-09T06:30:00Z'))).toBe(false); // Sun 12:00
  });

  it('opens next Monday at 09:00 when asked on Saturday night', () => {
    expect(nextWindowOpening(DEFAULT_WINDOW, utc('2024-06-08T16:30:00Z'))).toBe(utc('2024-06-10T03:30:00Z')); // Sat 22:00
  });

  it('opens later the same day when asked early in the morning', () => {
    expect(nextWindowOpening(DEFAULT_WINDOW, utc('2024-06-04T00:30:00Z'))).toBe(utc('2024-06-04T03:30:00Z')); // Tue 06:00
  });

  it('answers the instant itself while open', () => {
    expect(nextWindowOpening(DEFAULT_WINDOW, utc('2024-06-04T10:00:00Z'))).toBe(utc('2024-06-04T10:00:00Z'));
  });

  it('closes at 21:00 local time, and has no closing while closed', () => {
    expect(windowClosesAt(DEFAULT_WINDOW, utc('2024-06-03T04:30:00Z'))).toBe(utc('2024-06-03T15:30:00Z'));
    expect(windowClosesAt(DEFAULT_WINDOW, utc('2024-06-03T16:00:00Z'))).toBeUndefined();
  });

  it('rejects finding an opening in a zone that does not exist', () => {
    expect(() =>
      nextWindowOpening(window({ timeZone: 'Nowhere/Town' }), utc('2024-06-03T00:00:00Z')),
    ).toThrow(DomainError);
  });
});

describe('calling window in America/New_York', () => {
  const ny = (overrides: Partial<CallingWindow>) =>
    window({ timeZone: 'America/New_York', days: every, ...overrides });

  it('opens at 09:00 EDT (13:00Z) on the spring-forward Sunday, asked the evening before', () => {
    expect(nextWindowOpening(ny({}), utc('2024-03-10T03:00:00Z'))).toBe(utc('2024-03-10T13:00:00Z'));
  });

  it('opens at 09:00 EST (14:00Z) on the fall-back Sunday, asked the evening before', () => {
    expect(nextWindowOpening(ny({}), utc('2024-11-03T02:00:00Z'))).toBe(utc('2024-11-03T14:00:00Z'));
  });

  it('opens at the first instant after the gap when the opening time is skipped by spring-forward', () => {
    const w = ny({ days: [7], from: '02:30', to: '05:00' });
    expect(nextWindowOpening(w, utc('2024-03-10T05:00:00Z'))).toBe(utc('2024-03-10T07:00:00Z')); // 03:00 EDT
    expect(isWindowOpen(w, utc('2024-03-10T06:59:59.999Z'))).toBe(false); // 01:59:59.999 EST
    expect(windowClosesAt(w, utc('2024-03-10T07:00:00Z'))).toBe(utc('2024-03-10T09:00:00Z')); // 05:00 EDT
  });

  it('opens the week after when spring-forward skips the whole window', () => {
    const w = ny({ days: [7], from: '02:00', to: '02:01' });
    expect(nextWindowOpening(w, utc('2027-03-07T07:01:00Z'))).toBe(utc('2027-03-21T06:00:00Z')); // 02:00 EDT
  });

  it('closes at the gap when the closing time is skipped by spring-forward', () => {
    const w = ny({ days: [7], from: '01:00', to: '02:30' });
    expect(windowClosesAt(w, utc('2024-03-10T06:30:00Z'))).toBe(utc('2024-03-10T07:00:00Z'));
  });

  it('keeps to the local clock through the repeated hour of fall-back', () => {
    const w = ny({ days: [7], from: '01:30', to: '03:00' });
    expect(nextWindowOpening(w, utc('2024-11-03T04:00:00Z'))).toBe(utc('2024-11-03T05:30:00Z')); // 01:30 EDT
    expect(windowClosesAt(w, utc('2024-11-03T05:45:00Z'))).toBe(utc('2024-11-03T06:00:00Z')); // clock back to 01:00 EST
    expect(isWindowOpen(w, utc('2024-11-03T06:10:00Z'))).toBe(false); // 01:10 EST
    expect(nextWindowOpening(w, utc('2024-11-03T06:10:00Z'))).toBe(utc('2024-11-03T06:30:00Z')); // 01:30 EST
    expect(windowClosesAt(w, utc('2024-11-03T06:30:00Z'))).toBe(utc('2024-11-03T08:00:00Z')); // 03:00 EST
  });
});

describe('calling window in Europe/London', () => {
  const london = (overrides: Partial<CallingWindow>) =>
    window({ timeZone: 'Europe/London', days: every, ...overrides });

  it('opens at 09:00 BST (08:00Z) on the spring-forward Sunday and 09:00 GMT (09:00Z) on the fall-back Sunday', () => {
    expect(nextWindowOpening(london({}), utc('2024-03-30T22:00:00Z'))).toBe(utc('2024-03-31T08:00:00Z'));
    expect(nextWindowOpening(london({}), utc('2024-10-26T22:00:00Z'))).toBe(utc('2024-10-27T09:00:00Z'));
  });

  it('opens at 02:00 BST when 01:30 is skipped by spring-forward', () => {
    expect(
      nextWindowOpening(london({ days: [7], from: '01:30', to: '03:00' }), utc('2024-03-31T00:00:00Z')),
    ).toBe(utc('2024-03-31T01:00:00Z'));
  });

  it('reopens when fall-back turns the clock back into the window', () => {
    const w = london({ days: [7], from: '00:00', to: '01:30' });
    expect(windowClosesAt(w, utc('2024-10-26T23:30:00Z'))).toBe(utc('2024-10-27T00:30:00Z')); // 01:30 BST
    expect(nextWindowOpening(w, utc('2024-10-27T00:45:00Z'))).toBe(utc('2024-10-27T01:00:00Z')); // 01:00 GMT
    expect(windowClosesAt(w, utc('2024-10-27T01:00:00Z'))).toBe(utc('2024-10-27T01:30:00Z')); // 01:30 GMT
  });
});

describe('calling window in Pacific/Apia, which skipped 30 December 2011', () => {
  it('opens the Friday after when the allowed Friday never happened', () => {
    const w = window({ timeZone: 'Pacific/Apia', days: [5], from: '09:00', to: '17:00' });
    expect(isWindowOpen(w, utc('2011-12-29T20:00:00Z'))).toBe(false); // Sat 31 Dec 09:00 +14:00
    expect(nextWindowOpening(w, utc('2011-12-24T04:00:00Z'))).toBe(utc('2012-01-05T19:00:00Z')); // Fri 6 Jan 09:00 +14:00, asked Fri 23 Dec 18:00 -10:00
  });
});

const ZONES = [
  'Asia/Kolkata',
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe',
  'America/Santiago',
  'America/Havana',
];

/** Days around 2024's offset changes in those zones, so the search crosses them often. */
const TRANSITION_DAYS = [
  '2024-03-10',
  '2024-11-03',
  '2024-03-31',
  '2024-10-27',
  '2024-04-07',
  '2024-10-06',
  '2024-09-08',
  '2024-03-17',
].map(utc);

const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

const callingWindow: fc.Arbitrary<CallingWindow> = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    bounds: fc.uniqueArray(fc.oneof(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 0, max: 240 })), {
      minLength: 2,
      maxLength: 2,
    }),
  })
  .map(({ timeZone, days, bounds }) => {
    const [from, to] = [...bounds].sort((a, b) => a - b) as [number, number];
    return { timeZone, days, from: hhmm(from), to: hhmm(to) };
  });

const instant = fc.oneof(
  fc.integer({ min: utc('2020-01-01T00:00:00Z'), max: utc('2030-01-01T00:00:00Z') }),
  fc
    .tuple(fc.constantFrom(...TRANSITION_DAYS), fc.integer({ min: -4 * 86_400_000, max: 4 * 86_400_000 }))
    .map(([day, offset]) => day + offset),
);

/** A few instants strictly between `a` and `b`: both neighbours and some random ones in between. */
function between(a: number, b: number, fractions: readonly number[]): number[] {
  if (b - a < 2) return [];
  return [a + 1, b - 1, ...fractions.map((f) => a + 1 + Math.floor(f * (b - a - 2)))];
}

const fractions = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 4, maxLength: 8 });

describe('calling window properties', () => {
  test.prop([callingWindow, instant, fractions], { numRuns: 1000 })(
    'the next opening is not before t, is open, and nothing between t and it is open',
    (w, t, samples) => {
      const opening = nextWindowOpening(w, t);
      expect(opening).toBeGreaterThanOrEqual(t);
      expect(isWindowOpen(w, opening)).toBe(true);
      for (const probe of between(t, opening, samples)) expect(isWindowOpen(w, probe)).toBe(false);
    },
  );

  test.prop([callingWindow, instant], { numRuns: 1000 })('while open, the next opening is now', (w, t) => {
    const opening = nextWindowOpening(w, t);
    expect(nextWindowOpening(w, opening)).toBe(opening);
    if (isWindowOpen(w, t)) expect(opening).toBe(t);
  });

  test.prop([callingWindow, instant, fractions], { numRuns: 1000 })(
    'while open, the window stays open until it closes, then is closed',
    (w, t, samples) => {
      const open = nextWindowOpening(w, t);
      const closes = windowClosesAt(w, open);
      expect(closes).toBeDefined();
      expect(closes!).toBeGreaterThan(open);
      expect(isWindowOpen(w, closes!)).toBe(false);
      for (const probe of [open, ...between(open, closes!, samples)])
        expect(isWindowOpen(w, probe)).toBe(true);
      expect(windowClosesAt(w, closes!)).toBeUndefined();
    },
  );
});
