import { parsePhoneNumberFromString } from 'libphonenumber-js';

// Exotel is an Indian provider: numbers without a country code are Indian.
const DEFAULT_COUNTRY = 'IN';

/** E.164 for a number in national (`09876543210`) or international form; undefined when it is not a valid number. */
export function toE164(value: string): string | undefined {
  const parsed = parsePhoneNumberFromString(value.trim(), DEFAULT_COUNTRY);
  return parsed?.isValid() ? parsed.number : undefined;
}

/** Exotel echoes numbers in national form: compare them after normalising both sides. */
export function isSameNumber(a: string, b: string): boolean {
  const left = toE164(a);
  return left !== undefined && left === toE164(b);
}

/** The national form Exotel echoes back: `09876543210` for Indian numbers, E.164 for the rest. */
export function toExotelNational(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164, DEFAULT_COUNTRY);
  if (parsed === undefined) return e164;
  return parsed.country === DEFAULT_COUNTRY ? `0${parsed.nationalNumber}` : parsed.number;
}

/** Provider messages can quote a phone number; our messages end up in logs, where full numbers must not. */
export function maskPhoneNumbers(text: string): string {
  return text.replace(
    /\+?\d[\d\s-]{5,}\d/g,
    (digits) => `${'*'.repeat(Math.max(0, digits.length - 2))}${digits.slice(-2)}`,
  );
}
