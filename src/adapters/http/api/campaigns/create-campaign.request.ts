import { z } from 'zod';
import { Id } from '../shared/api-schemas.js';
import { settingsInputShape } from './campaign-settings.schema.js';

export const CreateCampaignRequest = z
  .strictObject({
    id: Id.optional().describe('Campaign id; generated when omitted'),
    name: settingsInputShape.name,
    callerId: settingsInputShape.callerId.optional(),
    provider: settingsInputShape.provider.optional(),
    window: settingsInputShape.window.optional(),
    retry: settingsInputShape.retry.optional(),
    ringTimeoutSec: settingsInputShape.ringTimeoutSec.optional(),
    maxCallDurationSec: settingsInputShape.maxCallDurationSec.optional(),
    wrapUpSec: settingsInputShape.wrapUpSec.optional(),
    recording: settingsInputShape.recording.optional(),
    agentIds: z.array(Id).max(1000).optional().describe('Registered agents to assign'),
  })
  .describe('A new campaign (draft). Settings not given take the defaults.');

export type CreateCampaignRequest = z.infer<typeof CreateCampaignRequest>;
