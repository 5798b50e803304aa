import { runSimulation } from '../../application/simulation/run-simulation.js';
import type { SimulatedContact, SimulatedSettings } from '../../application/simulation/simulation-plan.js';
import type { SimulationResult } from '../../application/simulation/simulation-result.js';
import { DEFAULT_SETTINGS } from '../../domain/campaign/campaign-settings.js';
import { VirtualClock } from '../clock/virtual.clock.js';
import { MemoryEventStore } from '../event-store/memory.event-store.js';
import { InProcessTelephony } from '../telephony/sandbox/in-process.telephony.js';
import { profileOccupancyBound } from './profile-bound.js';
import type { SimulationProfile } from './simulation-profile.js';

/** Monday 2 March 2026, 09:00 in Kolkata: when the calling window opens. */
export const DEFAULT_SIMULATION_START = '2026-03-02T03:30:00.000Z';

/** Exotel's default per account (EXOTEL_CALLS_PER_MINUTE), used when neither the options nor the profile say. */
export const DEFAULT_CALLS_PER_MINUTE = 60;

export interface SimulationOptions {
  readonly agents: number;
  readonly contacts: readonly SimulatedContact[];
  readonly hours: number;
  readonly profile: SimulationProfile;
  readonly seed: number;
  /** Default: the profile's limit, else 60. */
  readonly callsPerMinute?: number;
  /** Default DEFAULT_SIMULATION_START. */
  readonly startMs?: number;
  readonly settings?: SimulatedSettings;
  /** Play the profile's duplicated, late and lost callbacks (default true). */
  readonly callbackFaults?: boolean;
}

export interface SimulationRun {
  readonly result: SimulationResult;
  /** The occupancy bound the profile sets (its expectation), next to the one today's calls set. */
  readonly profileBound: number;
  /** Calls the provider saw placed on an agent already on a call (the dialer must keep this at 0). */
  readonly agentConflicts: number;
  readonly wrapUpSec: number;
  /** Wall time of the simulated day itself. */
  readonly wallMs: number;
}

/** One simulated day, in process: memory event store, virtual clock, the sandbox's call model. */
export async function simulateCampaign(options: SimulationOptions): Promise<SimulationRun> {
  const startMs = options.startMs ?? Date.parse(DEFAULT_SIMULATION_START);
  const clock = new VirtualClock(startMs);
  const telephony = new InProcessTelephony({
    clock,
    profile: options.profile.calls,
    seed: options.seed,
    callbackFaults: options.callbackFaults ?? true,
  });
  const wrapUpSec = options.settings?.wrapUpSec ?? options.profile.wrapUpSec ?? DEFAULT_SETTINGS.wrapUpSec;
  const settings: SimulatedSettings = { ...options.settings, wrapUpSec };
  const started = performance.now();
  const result = await runSimulation(
    { events: new MemoryEventStore(), clock, telephony },
    {
      campaignId: 'sim',
      agents: options.agents,
      contacts: options.contacts,
      startMs,
      hours: options.hours,
      settings,
      callsPerMinute: options.callsPerMinute ?? options.profile.calls.callsPerMinute ?? DEFAULT_CALLS_PER_MINUTE,
      supervisorReadyDelaySec: options.profile.supervisorReadyDelaySec,
    },
  );
  const wallMs = performance.now() - started;
  const profileBound = profileOccupancyBound(options.profile.calls, {
    ringTimeoutSec: settings.ringTimeoutSec ?? DEFAULT_SETTINGS.ringTimeoutSec,
    maxCallDurationSec: settings.maxCallDurationSec ?? DEFAULT_SETTINGS.maxCallDurationSec,
    wrapUpSec,
    readyDelaySec: options.profile.supervisorReadyDelaySec,
  });
  return { result, profileBound, agentConflicts: telephony.agentConflicts, wrapUpSec, wallMs };
}
