import type { CampaignPlan, WorldPlan } from './dialer.harness.js';

/**
 * The scenario tests' world: one campaign (three attempts a minute apart, 5 s wrap-up, 15 s ring timeout), one ready
 * agent, one contact, 60 calls a minute, the calling window open for hours, one dialer process.
 */
export const smallWorld = (overrides: Partial<WorldPlan> = {}, campaign: Partial<CampaignPlan> = {}): WorldPlan => ({
  campaigns: [{ maxAttempts: 3, retryAfterSec: 60, backoffFactor: 1, wrapUpSec: 5, ringTimeoutSec: 15, maxCallDurationSec: 60, ...campaign }],
  agents: [{ campaigns: [0], ready: true }],
  contacts: [{ campaign: 0, priority: 0 }],
  callsPerMinute: 60,
  answeredCarriesAttemptId: true,
  minutesBeforeWindowCloses: 600,
  instances: 1,
  ...overrides,
});
