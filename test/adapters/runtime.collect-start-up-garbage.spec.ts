import { describe, expect, it } from '@jest/globals';
import { getHeapSpaceStatistics } from 'node:v8';
import { collectStartUpGarbage } from '../../src/adapters/runtime/collect-start-up-garbage.js';

const youngGenerationUsed = () => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')!.space_used_size;

/** Leaves 10,000 dead objects in the young generation; what it then holds. */
function youngGarbage(): number {
  let garbage: { n: number }[] | undefined = Array.from({ length: 10_000 }, (_, n) => ({ n }));
  expect(garbage).toHaveLength(10_000);
  garbage = undefined;
  return youngGenerationUsed();
}

describe('collectStartUpGarbage', () => {
  it('after a start over a long log, collects the whole heap at once (the young generation emptied too), leaving gc unexposed', () => {
    const before = youngGarbage();

    collectStartUpGarbage(1_000_000n);

    expect(before).toBeGreaterThan(100_000);
    expect(youngGenerationUsed()).toBeLessThan(before / 4);
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });

  it('leaves a start over a short log alone: not worth the pause', () => {
    const before = youngGarbage();

    collectStartUpGarbage(1_000n);

    expect(youngGenerationUsed()).toBeGreaterThanOrEqual(before);
  });
});
