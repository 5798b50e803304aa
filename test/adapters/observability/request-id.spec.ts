import { describe, expect, it } from '@jest/globals';
import { requestIdFrom } from '../../../src/adapters/observability/request-log.middleware.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request ids', () => {
  it("keeps a caller's well-formed id", () => {
    expect(requestIdFrom('req-42.a:b')).toBe('req-42.a:b');
    expect(requestIdFrom(['first-id', 'second-id'])).toBe('first-id');
  });

  it('strips characters that could forge log lines or headers, and bounds the length', () => {
    expect(requestIdFrom('abc\n{"level":"fatal"} def')).toBe('abclevel:fataldef');
    expect(requestIdFrom('x'.repeat(500))).toHaveLength(128);
  });

  it('generates a UUID when there is none or nothing usable is left', () => {
    expect(requestIdFrom(undefined)).toMatch(UUID);
    expect(requestIdFrom('"" <> {}')).toMatch(UUID);
    expect(requestIdFrom(undefined)).not.toBe(requestIdFrom(undefined));
  });
});
