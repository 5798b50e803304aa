import { hash, timingSafeEqual } from 'node:crypto';

/** Digests of the expected secrets (a few configured values, the same on every request), worked out once. */
const expectedDigests = new Map<string, Buffer>();
const MAX_EXPECTED = 16;

const digestOf = (text: string): Buffer => hash('sha256', text, 'buffer');

/** Compares secrets in constant time (hashing first, so unequal lengths leak nothing either). */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  let expectedDigest = expectedDigests.get(expected);
  if (expectedDigest === undefined) {
    if (expectedDigests.size >= MAX_EXPECTED) expectedDigests.clear();
    expectedDigest = digestOf(expected);
    expectedDigests.set(expected, expectedDigest);
  }
  return timingSafeEqual(digestOf(given), expectedDigest);
}
