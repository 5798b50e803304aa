import type { Random } from './prng.js';

/** Fault switches for the API (not for callbacks). Probabilities in [0, 1]. */
export interface SandboxFaults {
  /** Probability that a request is refused with 429; nothing is done. */
  readonly rateLimit?: number;
  /** Probability that a request fails with a 500; nothing is done. */
  readonly serverError?: number;
  /** Probability that the connection is dropped before the request is handled; nothing is done. */
  readonly reset?: number;
  /** Every answer is held this long; the request was handled (a placed call exists). */
  readonly slowMs?: number;
  /** Requests are handled (a placed call exists) but never answered: the connection is dropped after this long. */
  readonly timeoutMs?: number;
}

export type Refusal = 'reset' | 'rate-limit' | 'server-error';

export class FaultSwitches {
  #faults: SandboxFaults = {};
  readonly #random: Random;

  constructor(random: Random) {
    this.#random = random;
  }

  /** Replaces every switch: `set({})` turns all faults off. */
  set(faults: SandboxFaults): void {
    for (const key of ['rateLimit', 'serverError', 'reset'] as const) {
      const probability = faults[key];
      if (probability !== undefined && !(probability >= 0 && probability <= 1))
        throw new RangeError(`${key} must be a probability in [0, 1]`);
    }
    for (const key of ['slowMs', 'timeoutMs'] as const) {
      const ms = faults[key];
      if (ms !== undefined && !(ms >= 0)) throw new RangeError(`${key} must be a number of milliseconds`);
    }
    this.#faults = { ...faults };
  }

  /** Whether this request is refused outright, and how. */
  refusal(): Refusal | undefined {
    if (this.#happens(this.#faults.reset)) return 'reset';
    if (this.#happens(this.#faults.rateLimit)) return 'rate-limit';
    if (this.#happens(this.#faults.serverError)) return 'server-error';
    return undefined;
  }

  get slowMs(): number {
    return this.#faults.slowMs ?? 0;
  }

  get timeoutMs(): number | undefined {
    return this.#faults.timeoutMs;
  }

  #happens(probability: number | undefined): boolean {
    return probability !== undefined && probability > 0 && this.#random() < probability;
  }
}
