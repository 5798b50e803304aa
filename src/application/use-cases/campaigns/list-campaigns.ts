import { campaignDecider } from '../../../domain/campaign/campaign.decider.js';
import type { CampaignEvent } from '../../../domain/campaign/campaign.events.js';
import type { CampaignState } from '../../../domain/campaign/campaign.state.js';
import { decodeEvent } from '../../events/event-schemas.js';
import type { EventStore } from '../../ports/event-store.port.js';
import { CategoryFold } from '../shared/category-fold.js';
import type { ExistingCampaign } from './load-campaign.js';

/**
 * Every campaign, folded from the `campaign-*` streams of the global log (a draft campaign has no contacts, so
 * no read model knows it). Incremental: the first call reads the log once, later calls only what is new.
 * Fine for thousands of campaigns; the states live in memory.
 */
export class ListCampaigns {
  private readonly fold: CategoryFold<CampaignState>;

  constructor(store: EventStore) {
    this.fold = new CategoryFold<CampaignState>(store, 'campaign-', (state, stored) => {
      const event = decodeEvent(stored.type, stored.data) as CampaignEvent | undefined;
      return event === undefined
        ? state
        : campaignDecider.evolve(state ?? campaignDecider.initialState, event);
    });
  }

  /** Reads the log in the background (at boot), so the first list does not wait for a long log. */
  warmUp(): void {
    this.fold.warmUp();
  }

  /** Oldest first. */
  async execute(filter: { status?: ExistingCampaign['status'] } = {}): Promise<ExistingCampaign[]> {
    const states = await this.fold.current();
    const campaigns: ExistingCampaign[] = [];
    for (const state of states.values()) {
      if (state.status === 'none' || (filter.status !== undefined && state.status !== filter.status))
        continue;
      campaigns.push(state);
    }
    return campaigns.sort(
      (a, b) => a.createdAt.localeCompare(b.createdAt) || a.campaignId.localeCompare(b.campaignId),
    );
  }
}
