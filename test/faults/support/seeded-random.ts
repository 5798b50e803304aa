/** Kill moments and sandbox draws follow FAULT_SEED through the sandbox's own seeded generator. */
export { mulberry32 as seededRandom } from '../../../src/adapters/telephony/sandbox/prng.js';

export function between(random: () => number, min: number, max: number): number {
  return min + random() * (max - min);
}

/** An integer from the environment, or the default when unset or empty. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return value;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
