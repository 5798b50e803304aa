import { z } from 'zod';
import { Id, Instant } from '../shared/api-schemas.js';
import { CampaignSettingsResponse } from './campaign-settings.schema.js';

export const CampaignStatus = z.enum(['draft', 'running', 'paused', 'stopped', 'completed']);

export const CampaignResponse = z
  .object({
    id: Id,
    status: CampaignStatus,
    settings: CampaignSettingsResponse,
    agentIds: z.array(z.string()),
    pauseReason: z.string().optional().describe('While paused'),
    pausedAt: Instant.optional(),
    createdAt: Instant,
  })
  .describe('A campaign as its event stream tells it');

export const CampaignListResponse = z.object({ campaigns: z.array(CampaignResponse) });

export const ListCampaignsQuery = z.strictObject({ status: CampaignStatus.optional() });

export type CampaignResponse = z.infer<typeof CampaignResponse>;
export type CampaignListResponse = z.infer<typeof CampaignListResponse>;
