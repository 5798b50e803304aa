import { describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { isPhoneNumberValue, maskPhonesIn } from '../../../src/adapters/observability/phone-redaction.js';

describe('phone numbers in free text', () => {
  it.each([
    ['+919876543210', '******3210'],
    ['+91 98765 43210', '******3210'],
    ['+91-98765-43210', '******3210'],
    ['(+91) 98765 43210', '******3210'],
    ['09876543210', '******3210'],
    ['098765 43210', '******3210'],
    ['9876543210', '******3210'],
    ['919876543210', '******3210'],
    ['080 4711 2345', '******2345'],
    ['+1 415 555 0123', '******0123'],
    ['0091 98765 43210', '******3210'],
  ])('masks %s to the last 4 digits', (phone, masked) => {
    expect(maskPhonesIn(`call ${phone} now`)).toBe(`call ${masked} now`);
  });

  it('masks each of several numbers side by side, and numbers inside paths and query strings', () => {
    expect(maskPhonesIn('9876543210 9876543211,9876543212')).toBe('******3210 ******3211,******3212');
    expect(maskPhonesIn('/api/dnc/+919876543210?From=09876543211&To=919876543212')).toBe(
      '/api/dnc/******3210?From=******3211&To=******3212',
    );
  });

  it.each([
    '2026-03-02T04:30:00.000Z',
    'position 1234567',
    '550e8400-e29b-41d4-a716-446655440000',
    'epoch 1772425800000',
    'took 12.5 ms',
    '127.0.0.1:3000',
    'seconds 1772425800',
  ])('leaves %s as it is', (text) => expect(maskPhonesIn(text)).toBe(text));

  it('leaves UUIDs and hex call SIDs whole, even where their digit groups would read as a phone number', () => {
    const ids = [
      '4d050dd5-4a98-4109-8375-8a330f8678a3',
      '477350ac-c459-4867-8141-532885e63bce',
      'b6cfaf8d9c5f4e4e2bbda7c8ccf1169a',
    ];
    for (let i = 0; i < 2000; i += 1) ids.push(randomUUID(), randomBytes(16).toString('hex'));
    expect(
      ids.filter((id) => maskPhonesIn(`attempt ${id}, sid=${id}`) !== `attempt ${id}, sid=${id}`),
    ).toEqual([]);
    expect(maskPhonesIn('contact-9876543210 ag9876543211')).toBe('contact-******3210 ag******3211');
  });

  it('recognises numeric fields that hold a phone number', () => {
    expect(isPhoneNumberValue(9876543210)).toBe(true);
    expect(isPhoneNumberValue(919876543210)).toBe(true);
    expect(isPhoneNumberValue(1772425800)).toBe(false);
    expect(isPhoneNumberValue(42)).toBe(false);
    expect(isPhoneNumberValue(98765.4321)).toBe(false);
  });
});
