const ZERO = 48;

/** The decimal number in `text[start, start + count)`, or -1 when one of those characters is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let index = start; index < start + count; index += 1) {
    const digit = text.charCodeAt(index) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * `Date.parse(iso)`, several times faster for the form events carry their times in (`toISOString`:
 * `YYYY-MM-DDTHH:mm:ss.sssZ`, or without the milliseconds). Anything else — another form, a year before 100, a day
 * past the 28th — goes to `Date.parse` itself, so the answer is always the same.
 */
export function epochMs(iso: string): number {
  const length = iso.length;
  if (
    (length === 24 || length === 20) &&
    iso.charCodeAt(4) === 45 && // -
    iso.charCodeAt(7) === 45 &&
    iso.charCodeAt(10) === 84 && // T
    iso.charCodeAt(13) === 58 && // :
    iso.charCodeAt(16) === 58 &&
    iso.charCodeAt(length - 1) === 90 && // Z
    (length === 20 || iso.charCodeAt(19) === 46) // .
  ) {
    const year = digits(iso, 0, 4);
    const month = digits(iso, 5, 2);
    const day = digits(iso, 8, 2);
    const hour = digits(iso, 11, 2);
    const minute = digits(iso, 14, 2);
    const second = digits(iso, 17, 2);
    const milli = length === 24 ? digits(iso, 20, 3) : 0;
    if (year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= 28 && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && milli >= 0) {
      return Date.UTC(year, month - 1, day, hour, minute, second, milli);
    }
  }
  return Date.parse(iso);
}
