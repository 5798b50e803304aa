import type { ExistingCampaign } from '../../../../application/use-cases/campaigns/load-campaign.js';
import type { CampaignResponse } from './campaign.response.js';

export function campaignView(state: ExistingCampaign): CampaignResponse {
  return {
    id: state.campaignId,
    status: state.status,
    settings: state.settings as CampaignResponse['settings'],
    agentIds: [...state.agentIds],
    ...(state.status === 'paused' ? { pauseReason: state.pauseReason, pausedAt: state.pausedAt } : {}),
    createdAt: state.createdAt,
  };
}
