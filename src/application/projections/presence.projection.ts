import type { AgentStatus } from '../../domain/agent/agent.state.js';
import type { Projection } from './projection.js';
import { revise } from './revise.js';

export interface PresenceRow {
  readonly agentId: string;
  readonly name: string;
  readonly phone: string;
  readonly ccmUserId?: string;
  readonly status: Exclude<AgentStatus, 'unregistered'>;
  /** When the current status began. */
  readonly since: string;
  readonly idleSince?: string;
  readonly reason?: string;
  readonly attemptId?: string;
  readonly contactId?: string;
  readonly campaignId?: string;
  readonly wrapUpUntil?: string;
  readonly afterCall?: 'pause' | 'logout';
  readonly campaigns: readonly string[];
}

export const presenceKey = (agentId: string) => `agent:${agentId}`;

type Work = Pick<PresenceRow, 'attemptId' | 'contactId' | 'campaignId' | 'wrapUpUntil' | 'afterCall' | 'reason' | 'idleSince'>;

/**
 * The row with the per-status fields cleared, a new status, and the per-status fields of that status: the fields in
 * the order a row always has them. Built as one literal, which is many times cheaper than a rest pattern followed
 * by a spread that adds fields (see revise.ts).
 */
function settled(row: PresenceRow, status: PresenceRow['status'], since: string, work: Work = {}): PresenceRow {
  const base: PresenceRow =
    row.ccmUserId === undefined
      ? { agentId: row.agentId, name: row.name, phone: row.phone, status, since, campaigns: row.campaigns }
      : { agentId: row.agentId, name: row.name, phone: row.phone, ccmUserId: row.ccmUserId, status, since, campaigns: row.campaigns };
  return Object.assign(base, work);
}

/** Per agent: state, since when, and the attempt in hand; plus the campaigns the agent is assigned to. */
export const presenceProjection: Projection<PresenceRow> = {
  name: 'presence',
  handles: new Set([
    'AgentRegistered',
    'AgentBecameAvailable',
    'AgentPaused',
    'AgentLoggedOut',
    'AgentAfterCallRequested',
    'AgentReserved',
    'AgentConnected',
    'AgentWrapUpStarted',
    'AgentReservationReleased',
    'AgentAssigned',
    'AgentUnassigned',
  ]),
  apply({ event }, view) {
    const agentId = (event.data as { agentId: string }).agentId;
    const key = presenceKey(agentId);
    const row = view.get(key);
    const at = event.data.at;
    const put = (next: PresenceRow) => [{ key, row: next }];
    if (event.type === 'AgentRegistered') {
      if (row !== undefined && row.name !== '') return [];
      const { name, phone, ccmUserId } = event.data;
      const campaigns = row?.campaigns ?? [];
      return put(ccmUserId === undefined ? { agentId, name, phone, status: 'offline', since: at, campaigns } : { agentId, name, phone, ccmUserId, status: 'offline', since: at, campaigns });
    }
    if (event.type === 'AgentAssigned' || event.type === 'AgentUnassigned') {
      // assignment can be recorded before the agent registers: keep a placeholder row
      const base: PresenceRow = row ?? { agentId, name: '', phone: '', status: 'offline', since: at, campaigns: [] };
      const others = base.campaigns.filter((id) => id !== event.data.campaignId);
      const campaigns = event.type === 'AgentAssigned' ? [...others, event.data.campaignId].sort() : others;
      return campaigns.length === base.campaigns.length && event.type === 'AgentUnassigned' && row !== undefined ? [] : put(revise(base, { campaigns }));
    }
    if (row === undefined) return [];
    switch (event.type) {
      case 'AgentBecameAvailable':
        return put(settled(row, 'available', at, { idleSince: at }));
      case 'AgentPaused':
        return put(settled(row, 'paused', at, { reason: event.data.reason }));
      case 'AgentLoggedOut':
        return put(settled(row, 'offline', at));
      case 'AgentAfterCallRequested':
        return put(revise(row, { afterCall: event.data.action }));
      case 'AgentReserved': {
        const { attemptId, contactId, campaignId } = event.data;
        return put(settled(row, 'reserved', at, row.idleSince === undefined ? { attemptId, contactId, campaignId } : { attemptId, contactId, campaignId, idleSince: row.idleSince }));
      }
      case 'AgentConnected':
        return row.attemptId === event.data.attemptId ? put(revise(row, { status: 'on-call', since: at })) : [];
      case 'AgentWrapUpStarted':
        return row.attemptId === event.data.attemptId ? put(revise(row, { status: 'wrap-up', since: at, wrapUpUntil: event.data.until })) : [];
      case 'AgentReservationReleased': {
        if (row.attemptId !== event.data.attemptId) return [];
        const idleSince = row.idleSince ?? at;
        return put(settled(row, 'available', at, { idleSince }));
      }
      default:
        return [];
    }
  },
};
