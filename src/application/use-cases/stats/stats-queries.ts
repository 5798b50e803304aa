import type { Clock } from '../../ports/clock.port.js';
import type { EventStore } from '../../ports/event-store.port.js';
import type { ReadModelStore } from '../../ports/read-model-store.port.js';
import { agentStats, type AgentStats } from './agent-stats.js';
import {
  agentRelevant,
  campaignRelevant,
  readModelsAsOf,
  type AsOfOptions,
  type ScratchReadModels,
} from './as-of.js';
import { campaignStats, type CampaignStats } from './campaign-stats.js';

/**
 * Stats now (from the live read models) or as of a past moment (replayed from the log into a scratch store). A
 * moment at or after now is answered live.
 */
export class StatsQueries {
  constructor(
    private readonly events: EventStore,
    private readonly readModels: ReadModelStore,
    private readonly scratch: ScratchReadModels,
    private readonly clock: Clock,
  ) {}

  campaign(campaignId: string, asOfMs?: number): Promise<CampaignStats> {
    const read = (store: ReadModelStore, nowMs: number) => campaignStats(store, campaignId, nowMs);
    return this.at(asOfMs, campaignRelevant(campaignId), read, { queueOf: campaignId });
  }

  agent(agentId: string, asOfMs?: number): Promise<AgentStats | undefined> {
    return this.at(asOfMs, agentRelevant(agentId), (store, nowMs) => agentStats(store, agentId, nowMs));
  }

  private async at<T>(
    asOfMs: number | undefined,
    relevant: Parameters<typeof readModelsAsOf>[3],
    read: (store: ReadModelStore, nowMs: number) => T,
    options: AsOfOptions = {},
  ): Promise<T> {
    const now = this.clock.now();
    if (asOfMs === undefined || asOfMs >= now) return read(this.readModels, now);
    const replayed = await readModelsAsOf(this.events, this.scratch, asOfMs, relevant, options);
    try {
      return read(replayed, asOfMs);
    } finally {
      replayed.close();
    }
  }
}
