import { z } from 'zod';
import { settingsInputShape } from './campaign-settings.schema.js';

export const UpdateCampaignRequest = z
  .strictObject(settingsInputShape)
  .partial()
  .describe('Settings to change (while draft or paused); nested objects may be partial');

export type UpdateCampaignRequest = z.infer<typeof UpdateCampaignRequest>;
