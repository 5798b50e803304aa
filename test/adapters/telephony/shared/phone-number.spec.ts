import { describe, expect, it } from '@jest/globals';
import {
  isSameNumber,
  maskPhoneNumbers,
  toE164,
  toExotelNational,
} from '../../../../src/adapters/telephony/shared/phone-number.js';

describe('phone numbers as Exotel writes them', () => {
  it('normalises the national echo and E.164 to the same number', () => {
    expect(toE164('09876543210')).toBe('+919876543210');
    expect(toE164('+919876543210')).toBe('+919876543210');
    expect(isSameNumber('09876543210', '+919876543210')).toBe(true);
    expect(isSameNumber('09876543211', '+919876543210')).toBe(false);
  });

  it('rejects what is no number', () => {
    expect(toE164('12345')).toBeUndefined();
    expect(isSameNumber('12345', '12345')).toBe(false);
  });

  it('echoes Indian numbers in national form and others in E.164', () => {
    expect(toExotelNational('+919876543210')).toBe('09876543210');
    expect(toExotelNational('+14155550100')).toBe('+14155550100');
  });

  it('masks numbers quoted in a message, keeping the last two digits', () => {
    expect(maskPhoneNumbers('To +919876543210 is invalid')).toBe('To ***********10 is invalid');
    expect(maskPhoneNumbers('TimeLimit 3600 too long')).toBe('TimeLimit 3600 too long');
  });
});
