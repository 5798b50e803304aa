import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { DomainError } from '../../../src/domain/shared/domain-error.js';
import { maskPhone, parsePhone, samePhone, tryParsePhone } from '../../../src/domain/shared/phone.js';

function rejection(input: string): DomainError {
  try {
    parsePhone(input);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`expected "${input}" to be rejected`);
}

describe('parsePhone', () => {
  it.each([
    '09876543210',
    '9876543210',
    '+91 98765 43210',
    '919876543210',
    '098765 43210',
    '+91-98765-43210',
    ' (0)98765 43210 ',
  ])('normalises the Indian form "%s" to E.164', (input) => {
    expect(parsePhone(input)).toBe('+919876543210');
  });

  it('keeps a number from another country in its own E.164 form', () => {
    expect(parsePhone('+1 212 555 0100')).toBe('+12125550100');
    expect(parsePhone('020 7946 0958', 'GB')).toBe('+442079460958');
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['98765abc10', 'only digits'],
    ['9876543210abc', 'only digits'],
    ['98765', 'too few digits'],
    ['+91', 'too few digits'],
    ['98765432101234567', 'too many digits'],
    ['98765432101', 'not a valid phone number'],
  ])('rejects "%s" as phone.invalid (%s)', (input, reason) => {
    const error = rejection(input);
    expect(error.code).toBe('phone.invalid');
    expect(error.field).toBe('phone');
    expect(error.message).toContain(reason);
  });

  it('never repeats the full number in its error message', () => {
    expect(rejection('98765432101').message).not.toContain('98765432101');
  });
});

describe('tryParsePhone', () => {
  it('returns the E.164 form of a valid number and undefined for anything else', () => {
    expect(tryParsePhone('09876543210')).toBe('+919876543210');
    expect(tryParsePhone('12ab')).toBeUndefined();
    expect(tryParsePhone('')).toBeUndefined();
  });
});

describe('samePhone', () => {
  it('treats the national form Exotel echoes back and the E.164 form as one number', () => {
    expect(samePhone('09876543210', '+919876543210')).toBe(true);
    expect(samePhone('+91 98765 43210', '919876543210')).toBe(true);
  });

  it('tells different numbers apart and never matches an invalid one', () => {
    expect(samePhone('09876543210', '09876543211')).toBe(false);
    expect(samePhone('abc', 'abc')).toBe(false);
  });
});

describe('maskPhone', () => {
  it('keeps only the last four digits', () => {
    expect(maskPhone('+919876543210')).toBe('******3210');
    expect(maskPhone('09876543210')).toBe('******3210');
  });

  it('reveals nothing of a number too short to hide', () => {
    expect(maskPhone('1234')).toBe('******');
  });
});

const indianMobile = fc
  .tuple(fc.constantFrom('6', '7', '8', '9'), fc.stringMatching(/^\d{9}$/))
  .map(([first, rest]) => first + rest)
  .filter((digits) => parsePhoneNumberFromString(digits, 'IN')?.isValid() === true);

const nationalForms = (digits: string): string[] => [
  digits,
  `0${digits}`,
  `91${digits}`,
  `+91${digits}`,
  `+91 ${digits.slice(0, 5)} ${digits.slice(5)}`,
  `0${digits.slice(0, 5)} ${digits.slice(5)}`,
  `+91-${digits.slice(0, 5)}-${digits.slice(5)}`,
];

describe('phone properties', () => {
  test.prop([indianMobile, fc.nat(6)], { numRuns: 1000 })(
    'parsing is idempotent for any national form of a mobile',
    (digits, form) => {
      const once = parsePhone(nationalForms(digits)[form]!);
      expect(parsePhone(once)).toBe(once);
      expect(once).toBe(`+91${digits}`);
    },
  );

  test.prop([indianMobile], { numRuns: 1000 })(
    'every national form of one mobile is the same phone, masked alike',
    (digits) => {
      const forms = nationalForms(digits);
      for (const form of forms) expect(samePhone(form, forms[0]!)).toBe(true);
      expect(new Set(forms.map(maskPhone)).size).toBe(1);
    },
  );
});
