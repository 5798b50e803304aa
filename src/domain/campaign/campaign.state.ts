import type { Instant } from '../shared/time.js';
import type { CampaignSettings } from './campaign-settings.js';

export type CampaignStatus = 'draft' | 'running' | 'paused' | 'stopped' | 'completed';

export interface CampaignFacts {
  readonly campaignId: string;
  readonly settings: CampaignSettings;
  readonly agentIds: readonly string[];
  readonly createdAt: Instant;
}

export type CampaignState =
  | { readonly status: 'none' }
  | (CampaignFacts & { readonly status: 'draft' | 'running' | 'stopped' | 'completed' })
  | (CampaignFacts & { readonly status: 'paused'; readonly pauseReason: string; readonly pausedAt: Instant });

export const initialCampaignState: CampaignState = { status: 'none' };
