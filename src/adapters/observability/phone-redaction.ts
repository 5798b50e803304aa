import { maskPhone } from '../../domain/shared/phone.js';

/** A run of digit groups joined by single spaces, dashes, dots or brackets, optionally led by `+` or `(`. */
const CANDIDATE = /(?<![\d+])\+?\(?\+?\d(?:[\d().\- ]*\d)?/;
/**
 * Machine ids that are never phone numbers but hold digit runs that look like one: UUIDs (`…-4a98-4109-8375-…`
 * reads as 10 digits) and long hex strings such as Exotel call SIDs. They are matched first and left alone.
 */
const MACHINE_ID =
  /\b(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?=[0-9a-f]*[a-f])[0-9a-f]{16,})\b/;
const SCAN = new RegExp(`(${MACHINE_ID.source})|${CANDIDATE.source}`, 'gi');
const GROUP = /\+?\(?\+?\d+/g;
/** A phone number written with separators has at most this many digit groups (`+91 (80) 4711 2345` has 4). */
const MAX_GROUPS = 6;

/**
 * True for the digit strings of the forms we mask: E.164 (`+` and 8–15 digits), Indian national numbers (10 digits
 * not starting 0 or 1; with a trunk `0`; with the country code `91`), and `00`-prefixed international numbers.
 */
export function isPhoneDigits(digits: string, international: boolean): boolean {
  if (international) return digits.length >= 8 && digits.length <= 15;
  if (digits.length === 10) return /^[2-9]/.test(digits);
  if (digits.length === 11) return /^0[2-9]/.test(digits);
  if (digits.length === 12) return digits.startsWith('91');
  return digits.length >= 10 && digits.length <= 17 && digits.startsWith('00');
}

/** True for a JSON number that looks like a phone number written without `+` (e.g. `9876543210`). */
export function isPhoneNumberValue(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0 && isPhoneDigits(String(value), false);
}

/** Replaces every phone number in `text` by its mask (`******3210`), leaving other numbers alone. */
export function maskPhonesIn(text: string): string {
  return text.replace(SCAN, (match: string, machineId: string | undefined) =>
    machineId === undefined ? maskCandidate(match) : match,
  );
}

/** Tries the longest run of digit groups first, so `+91 98765 43210` masks whole and `9876543210 9876543211` twice. */
function maskCandidate(candidate: string): string {
  const groups = [...candidate.matchAll(GROUP)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    text: m[0],
  }));
  let out = '';
  let copiedTo = 0;
  let i = 0;
  while (i < groups.length) {
    const end = phoneRunEnd(candidate, groups, i);
    if (end === undefined) {
      i += 1;
      continue;
    }
    const start = groups[i]!.start;
    const stop = groups[end - 1]!.end;
    out += candidate.slice(copiedTo, start) + maskPhone(candidate.slice(start, stop));
    copiedTo = stop;
    i = end;
  }
  return out + candidate.slice(copiedTo);
}

function phoneRunEnd(
  candidate: string,
  groups: readonly { start: number; end: number; text: string }[],
  first: number,
): number | undefined {
  const international = groups[first]!.text.includes('+');
  for (let end = Math.min(groups.length, first + MAX_GROUPS); end > first; end -= 1) {
    const digits = candidate.slice(groups[first]!.start, groups[end - 1]!.end).replace(/\D/g, '');
    if (isPhoneDigits(digits, international)) return end;
  }
  return undefined;
}
