/** A uniform draw in [0, 1). */
export type Random = () => number;

/** mulberry32: tiny, fast, and the same sequence for the same seed on every machine. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Independent streams from one seed, so that turning one kind of fault on does not change the call outcomes
 * drawn from another stream.
 */
export function randomStreams(seed: number): {
  outcomes: Random;
  callbackFaults: Random;
  httpFaults: Random;
  ids: Random;
} {
  return {
    outcomes: mulberry32(seed),
    callbackFaults: mulberry32(seed ^ 0x9e3779b9),
    httpFaults: mulberry32(seed ^ 0x85ebca6b),
    ids: mulberry32(seed ^ 0xc2b2ae35),
  };
}

/** Picks a key with probability proportional to its weight (weights need not sum to 1). */
export function pickWeighted<Key extends string>(
  random: Random,
  weights: Readonly<Record<Key, number>>,
): Key {
  const entries = Object.entries(weights) as Array<[Key, number]>;
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let draw = random() * total;
  for (const [key, weight] of entries) {
    if (draw < weight) return key;
    draw -= weight;
  }
  // rounding can leave the draw a hair above the last bucket
  return entries.filter(([, weight]) => weight > 0).at(-1)![0];
}

export function hexId(random: Random, length: number): string {
  let id = '';
  while (id.length < length)
    id += Math.floor(random() * 0x10000)
      .toString(16)
      .padStart(4, '0');
  return id.slice(0, length);
}
