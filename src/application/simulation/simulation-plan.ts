import type { CampaignSettings } from '../../domain/campaign/campaign-settings.js';

/** A contact to put on the simulated list. */
export interface SimulatedContact {
  readonly phone: string;
  readonly priority?: number;
}

/** Campaign settings a simulation may change; the rest keep the campaign defaults. */
export type SimulatedSettings = Partial<Omit<CampaignSettings, 'name' | 'callerId' | 'provider'>>;

export interface SimulationPlan {
  readonly campaignId: string;
  readonly agents: number;
  readonly contacts: readonly SimulatedContact[];
  /** Epoch ms the shift starts (agents ready, campaign started). */
  readonly startMs: number;
  readonly hours: number;
  readonly settings: SimulatedSettings;
  /** The dialer's token bucket (EXOTEL_CALLS_PER_MINUTE). */
  readonly callsPerMinute: number;
  /** How long a supervisor takes to make an agent ready again after a missed call. */
  readonly supervisorReadyDelaySec: number;
  /** Chart resolution; default 15 minutes. */
  readonly intervalMinutes?: number;
}

export const SIMULATION_CALLER_ID = '+918047112233';

/** `count` contacts with distinct Indian mobile numbers, all of the same priority. */
export function generatedContacts(count: number): SimulatedContact[] {
  return Array.from({ length: count }, (_, n) => ({ phone: `+9198${String(10_000_000 + n)}` }));
}

export const agentIdOf = (n: number) => `a${n}`;
export const contactIdOf = (n: number) => `c${n}`;
export const agentPhoneOf = (n: number) => `+9199${String(10_000_000 + n)}`;
