import { describe, expect, it } from '@jest/globals';
import { getHeapSpaceStatistics } from 'node:v8';
import { collectStartUpGarbage } from '../../src/adapters/runtime/collect-start-up-garbage.js';

const youngGenerationUsed = () => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')!.space_used_size;

describe('collectStartUpGarbage', () => {
  it('after a start over a long log, collects the whole heap at once (the young generation emptied too), leaving gc unexposed', () => {
    let garbage: { n: number }[] | undefined = Array.from({ length: 10_000 }, (_, n) => ({ n }));
    expect(garbage).toHaveLength(10_000);
    garbage = undefined;
    const before = youngGenerationUsed();

    collectStartUpGarbage(1_000_000n);

    expect(before).toBeGreaterThan(100_000);
    expect(youngGenerationUsed()).toBeLessThan(before / 4);
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });

  it('leaves a start over a short log alone: not worth the pause', () => {
    let garbage: { n: number }[] | undefined = Array.from({ length: 10_000 }, (_, n) => ({ n }));
    expect(garbage).toHaveLength(10_000);
    garbage = undefined;
    const before = youngGenerationUsed();

    collectStartUpGarbage(1_000n);

    expect(youngGenerationUsed()).toBeGreaterThanOrEqual(before);
  });
});
