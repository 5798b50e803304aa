import { campaignDecider } from '../../../domain/campaign/campaign.decider.js';
import type { CampaignState } from '../../../domain/campaign/campaign.state.js';
import { DomainError } from '../../../domain/shared/domain-error.js';
import { streamOf } from '../../events/streams.js';
import type { EventStore } from '../../ports/event-store.port.js';
import { loadStream } from '../shared/load-stream.js';

export type ExistingCampaign = Exclude<CampaignState, { status: 'none' }>;

/** The campaign as its stream tells it; `campaign.not-found` (404) when there is none. */
export async function loadCampaign(store: EventStore, campaignId: string): Promise<ExistingCampaign> {
  const { state } = await loadStream(store, campaignDecider, streamOf.campaign(campaignId));
  if (state.status === 'none')
    throw new DomainError('campaign.not-found', `campaign ${campaignId} does not exist`);
  return state;
}
