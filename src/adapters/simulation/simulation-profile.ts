import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { PROFILE_NAMES, loadProfile, parseProfile, type SandboxProfile } from '../telephony/sandbox/sandbox.profile.js';

/** The sandbox's call model plus what only a simulated floor needs. */
export interface SimulationProfile {
  readonly calls: SandboxProfile;
  /** How long a supervisor takes to make an agent ready again after a missed call (default 60 s). */
  readonly supervisorReadyDelaySec: number;
  /** Wrap-up after each answered call; the campaign default (15 s) when absent. */
  readonly wrapUpSec?: number;
}

export const DEFAULT_SUPERVISOR_READY_DELAY_SEC = 60;

const floorSchema = z.strictObject({
  supervisorReadyDelaySec: z.number().min(0).max(86_400).optional(),
  wrapUpSec: z.number().int().min(0).max(3600).optional(),
});

/**
 * A named sandbox profile (`default`, `busy-day`) or a JSON file: a sandbox profile, optionally with a
 * `simulation` object `{ supervisorReadyDelaySec, wrapUpSec }`. Errors name the offending field.
 */
export async function loadSimulationProfile(nameOrPath: string): Promise<SimulationProfile> {
  if (PROFILE_NAMES.includes(nameOrPath)) {
    return { calls: await loadProfile(nameOrPath), supervisorReadyDelaySec: DEFAULT_SUPERVISOR_READY_DELAY_SEC };
  }
  let json: unknown;
  try {
    json = JSON.parse(await readFile(nameOrPath, 'utf8'));
  } catch (error) {
    throw new Error(`profile "${nameOrPath}" is neither one of ${PROFILE_NAMES.join(', ')} nor a readable JSON file (${(error as Error).message})`);
  }
  const { simulation, ...calls } = (json ?? {}) as Record<string, unknown>;
  const floor = floorSchema.safeParse(simulation ?? {});
  if (!floor.success) {
    const issue = floor.error.issues[0]!;
    throw new Error(`simulation profile: simulation.${issue.path.join('.')}: ${issue.message}`);
  }
  return {
    calls: parseProfile(calls),
    supervisorReadyDelaySec: floor.data.supervisorReadyDelaySec ?? DEFAULT_SUPERVISOR_READY_DELAY_SEC,
    ...(floor.data.wrapUpSec === undefined ? {} : { wrapUpSec: floor.data.wrapUpSec }),
  };
}
