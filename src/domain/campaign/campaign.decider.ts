import type { Decider } from '../shared/decider.js';
import { DomainError, assertNever } from '../shared/domain-error.js';
import { definedOnly, sameSetting, validateSettings, withDefaults } from './campaign-settings.js';
import type { CampaignCommand } from './campaign.commands.js';
import type { CampaignEvent } from './campaign.events.js';
import { initialCampaignState, type CampaignFacts, type CampaignState, type CampaignStatus } from './campaign.state.js';

type Existing = Exclude<CampaignState, { status: 'none' }>;

function existing(state: CampaignState): Existing {
  if (state.status === 'none') throw new DomainError('campaign.not-found', 'campaign does not exist');
  return state;
}

function illegal(state: Existing, action: string): DomainError {
  return new DomainError('campaign.illegal-transition', `cannot ${action} a ${state.status} campaign`);
}

const EDITABLE: ReadonlySet<CampaignStatus> = new Set(['draft', 'paused']);

export function decideCampaign(command: CampaignCommand, state: CampaignState): CampaignEvent[] {
  const { campaignId, at } = command;
  switch (command.type) {
    case 'CreateCampaign': {
      if (state.status !== 'none') throw new DomainError('campaign.already-exists', 'campaign already exists');
      const settings = validateSettings(withDefaults(command.settings));
      return [{ type: 'CampaignCreated', data: { campaignId, settings, at } }];
    }
    case 'UpdateCampaign': {
      const current = existing(state);
      if (!EDITABLE.has(current.status)) {
        throw new DomainError('campaign.not-editable', `settings can change while draft or paused, not ${current.status}`);
      }
      const merged = validateSettings({ ...current.settings, ...definedOnly(command.changes) });
      const changes = changedKeys(current.settings, merged);
      return Object.keys(changes).length === 0 ? [] : [{ type: 'CampaignUpdated', data: { campaignId, changes, at } }];
    }
    case 'StartCampaign': {
      const current = existing(state);
      if (current.status === 'running') return [];
      if (current.status !== 'draft') throw illegal(current, 'start');
      return [{ type: 'CampaignStarted', data: { campaignId, at } }];
    }
    case 'PauseCampaign': {
      const current = existing(state);
      if (command.reason.trim().length === 0 || command.reason.length > 120) {
        throw new DomainError('campaign.invalid-reason', 'reason must be 1 to 120 characters', 'reason');
      }
      if (current.status === 'paused' && current.pauseReason === command.reason) return [];
      if (current.status !== 'running' && current.status !== 'paused') throw illegal(current, 'pause');
      return [{ type: 'CampaignPaused', data: { campaignId, reason: command.reason, at } }];
    }
    case 'ResumeCampaign': {
      const current = existing(state);
      if (current.status === 'running') return [];
      if (current.status !== 'paused') throw illegal(current, 'resume');
      return [{ type: 'CampaignResumed', data: { campaignId, at } }];
    }
    case 'StopCampaign': {
      const current = existing(state);
      if (current.status === 'stopped') return [];
      if (current.status === 'completed') throw illegal(current, 'stop');
      return [{ type: 'CampaignStopped', data: { campaignId, at } }];
    }
    case 'CompleteCampaign': {
      const current = existing(state);
      if (current.status === 'completed') return [];
      if (current.status !== 'running' && current.status !== 'paused') throw illegal(current, 'complete');
      return [{ type: 'CampaignCompleted', data: { campaignId, at } }];
    }
    case 'AssignAgent': {
      const current = existing(state);
      if (current.agentIds.includes(command.agentId)) return [];
      return [{ type: 'AgentAssigned', data: { campaignId, agentId: command.agentId, at } }];
    }
    case 'UnassignAgent': {
      const current = existing(state);
      if (!current.agentIds.includes(command.agentId)) return [];
      return [{ type: 'AgentUnassigned', data: { campaignId, agentId: command.agentId, at } }];
    }
    default:
      return assertNever(command);
  }
}

function changedKeys<T extends object>(before: T, after: T): Partial<T> {
  const changes: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (!sameSetting(before[key], after[key])) changes[key] = after[key];
  }
  return changes;
}

function withStatus(state: CampaignState, status: Exclude<CampaignStatus, 'paused'>): CampaignState {
  if (state.status === 'none') return state;
  const { campaignId, settings, agentIds, createdAt } = state;
  return { status, campaignId, settings, agentIds, createdAt };
}

function facts(state: CampaignState): CampaignFacts | undefined {
  return state.status === 'none' ? undefined : state;
}

export function evolveCampaign(state: CampaignState, event: CampaignEvent): CampaignState {
  switch (event.type) {
    case 'CampaignCreated':
      return { status: 'draft', campaignId: event.data.campaignId, settings: event.data.settings, agentIds: [], createdAt: event.data.at };
    case 'CampaignUpdated':
      return state.status === 'none' ? state : { ...state, settings: { ...state.settings, ...event.data.changes } };
    case 'CampaignStarted':
    case 'CampaignResumed':
      return withStatus(state, 'running');
    case 'CampaignPaused': {
      const current = facts(state);
      if (current === undefined) return state;
      const { campaignId, settings, agentIds, createdAt } = current;
      return { status: 'paused', campaignId, settings, agentIds, createdAt, pauseReason: event.data.reason, pausedAt: event.data.at };
    }
    case 'CampaignStopped':
      return withStatus(state, 'stopped');
    case 'CampaignCompleted':
      return withStatus(state, 'completed');
    case 'AgentAssigned':
      return state.status === 'none' ? state : { ...state, agentIds: [...state.agentIds, event.data.agentId] };
    case 'AgentUnassigned':
      return state.status === 'none' ? state : { ...state, agentIds: state.agentIds.filter((id) => id !== event.data.agentId) };
    default:
      return assertNever(event);
  }
}

export const campaignDecider: Decider<CampaignCommand, CampaignEvent, CampaignState> = {
  initialState: initialCampaignState,
  decide: decideCampaign,
  evolve: evolveCampaign,
};
