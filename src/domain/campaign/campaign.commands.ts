import type { Instant } from '../shared/time.js';
import type { CampaignSettings, CampaignSettingsInput } from './campaign-settings.js';

interface Base {
  readonly campaignId: string;
  readonly at: Instant;
}

export type CampaignCommand =
  | (Base & { readonly type: 'CreateCampaign'; readonly settings: CampaignSettingsInput })
  | (Base & { readonly type: 'UpdateCampaign'; readonly changes: Partial<CampaignSettings> })
  | (Base & { readonly type: 'StartCampaign' })
  | (Base & { readonly type: 'PauseCampaign'; readonly reason: string })
  | (Base & { readonly type: 'ResumeCampaign' })
  | (Base & { readonly type: 'StopCampaign' })
  | (Base & { readonly type: 'CompleteCampaign' })
  | (Base & { readonly type: 'AssignAgent'; readonly agentId: string })
  | (Base & { readonly type: 'UnassignAgent'; readonly agentId: string });
