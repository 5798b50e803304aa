import type { DomainEvent } from '../shared/decider.js';
import type { Instant } from '../shared/time.js';
import type { CampaignSettings } from './campaign-settings.js';

interface Base {
  readonly campaignId: string;
  readonly at: Instant;
}

export type CampaignCreated = DomainEvent<'CampaignCreated', Base & { readonly settings: CampaignSettings }>;
export type CampaignUpdated = DomainEvent<'CampaignUpdated', Base & { readonly changes: Partial<CampaignSettings> }>;
export type CampaignStarted = DomainEvent<'CampaignStarted', Base>;
export type CampaignPaused = DomainEvent<'CampaignPaused', Base & { readonly reason: string }>;
export type CampaignResumed = DomainEvent<'CampaignResumed', Base>;
export type CampaignStopped = DomainEvent<'CampaignStopped', Base>;
export type CampaignCompleted = DomainEvent<'CampaignCompleted', Base>;
export type AgentAssigned = DomainEvent<'AgentAssigned', Base & { readonly agentId: string }>;
export type AgentUnassigned = DomainEvent<'AgentUnassigned', Base & { readonly agentId: string }>;

export type CampaignEvent =
  | CampaignCreated
  | CampaignUpdated
  | CampaignStarted
  | CampaignPaused
  | CampaignResumed
  | CampaignStopped
  | CampaignCompleted
  | AgentAssigned
  | AgentUnassigned;

export const CAMPAIGN_EVENT_TYPES = [
  'CampaignCreated',
  'CampaignUpdated',
  'CampaignStarted',
  'CampaignPaused',
  'CampaignResumed',
  'CampaignStopped',
  'CampaignCompleted',
  'AgentAssigned',
  'AgentUnassigned',
] as const satisfies readonly CampaignEvent['type'][];
