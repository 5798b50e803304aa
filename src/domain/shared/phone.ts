import {
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
  type CountryCode,
} from 'libphonenumber-js/max';
import { DomainError } from './domain-error.js';

/** A phone number in E.164 form (`+919876543210`), only ever produced by `parsePhone`. */
export type E164 = string & { readonly __brand: 'E164' };

// libphonenumber finds a number inside free text ("9876543210abc" parses); a phone must be only a number.
const PHONE_CHARACTERS = /^\+?[\d\s().-]+$/;

const LENGTH_REASONS: Readonly<Record<string, string>> = {
  TOO_SHORT: 'has too few digits',
  TOO_LONG: 'has too many digits',
  INVALID_LENGTH: 'has a length no number in that country has',
  INVALID_COUNTRY: 'has no recognisable country code',
  NOT_A_NUMBER: 'is not a phone number',
};

/**
 * Normalises a national or international form to E.164, or throws `phone.invalid` with the reason.
 * Messages mask the number: they end up in logs.
 */
export function parsePhone(input: string, defaultCountry: CountryCode = 'IN'): E164 {
  const text = input.trim();
  if (text === '') throw invalid('phone number is empty');
  if (!PHONE_CHARACTERS.test(text))
    throw invalid('a phone number may contain only digits, spaces, brackets, dots, dashes and a leading +');

  const parsed = parsePhoneNumberFromString(text, defaultCountry);
  if (parsed === undefined || !parsed.isValid()) {
    const lengthProblem = validatePhoneNumberLength(text, defaultCountry);
    const reason = (lengthProblem && LENGTH_REASONS[lengthProblem]) ?? 'is not a valid phone number';
    throw invalid(`phone number ${maskPhone(text)} ${reason}`);
  }
  return parsed.number as E164;
}

export function tryParsePhone(input: string, defaultCountry?: CountryCode): E164 | undefined {
  try {
    return parsePhone(input, defaultCountry);
  } catch (error) {
    if (error instanceof DomainError) return undefined;
    throw error;
  }
}

/** True when both are valid numbers and name the same line (`09876543210` and `+919876543210`). */
export function samePhone(a: string, b: string): boolean {
  const left = tryParsePhone(a);
  return left !== undefined && left === tryParsePhone(b);
}

/** For logs: only the last 4 digits survive, behind a fixed-width mask that does not reveal the length. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length > 4 ? `******${digits.slice(-4)}` : '******';
}

function invalid(reason: string): DomainError {
  return new DomainError('phone.invalid', reason, 'phone');
}
