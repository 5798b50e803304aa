import type { Random } from './prng.js';

/** A duration in seconds. */
export type Distribution =
  | { readonly kind: 'fixed'; readonly seconds: number }
  | { readonly kind: 'uniform'; readonly min: number; readonly max: number }
  /** exp(N(ln median, sigma²)), cut at `max` when given: the usual shape of ring and talk times. */
  | { readonly kind: 'lognormal'; readonly median: number; readonly sigma: number; readonly max?: number };

/** Draws one duration in seconds. Every kind always consumes the same number of draws. */
export function sampleSeconds(distribution: Distribution, random: Random): number {
  switch (distribution.kind) {
    case 'fixed':
      return distribution.seconds;
    case 'uniform':
      return distribution.min + random() * (distribution.max - distribution.min);
    case 'lognormal': {
      const value = distribution.median * Math.exp(distribution.sigma * standardNormal(random));
      return distribution.max === undefined ? value : Math.min(value, distribution.max);
    }
  }
}

// Box-Muller; 1 - u keeps the logarithm away from 0
function standardNormal(random: Random): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
