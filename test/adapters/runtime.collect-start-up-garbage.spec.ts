import { describe, expect, it } from '@jest/globals';
import { getHeapSpaceStatistics } from 'node:v8';
import { collectStartUpGarbage } from '../../src/adapters/runtime/collect-start-up-garbage.js';

const youngGenerationUsed = () => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')!.space_used_size;

describe('collectStartUpGarbage', () => {
  it('collects the whole heap at once (the young generation emptied too), without leaving gc exposed to the service', () => {
    let garbage: { n: number }[] | undefined = Array.from({ length: 10_000 }, (_, n) => ({ n }));
    expect(garbage).toHaveLength(10_000);
    garbage = undefined;
    const before = youngGenerationUsed();

    collectStartUpGarbage();

    expect(before).toBeGreaterThan(100_000);
    expect(youngGenerationUsed()).toBeLessThan(before / 4);
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });
});
