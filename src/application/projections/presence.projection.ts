import type { AgentStatus } from '../../domain/agent/agent.state.js';
import type { Projection } from './projection.js';

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

/** The row with the per-status fields cleared. */
function settled(row: PresenceRow): Omit<PresenceRow, keyof Work> {
  const { attemptId: _a, contactId: _c, campaignId: _k, wrapUpUntil: _w, afterCall: _f, reason: _r, idleSince: _i, ...rest } = row;
  return rest;
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
      return put({ agentId, name, phone, ...(ccmUserId === undefined ? {} : { ccmUserId }), status: 'offline', since: at, campaigns: row?.campaigns ?? [] });
    }
    if (event.type === 'AgentAssigned' || event.type === 'AgentUnassigned') {
      // assignment can be recorded before the agent registers: keep a placeholder row
      const base: PresenceRow = row ?? { agentId, name: '', phone: '', status: 'offline', since: at, campaigns: [] };
      const others = base.campaigns.filter((id) => id !== event.data.campaignId);
      const campaigns = event.type === 'AgentAssigned' ? [...others, event.data.campaignId].sort() : others;
      return campaigns.length === base.campaigns.length && event.type === 'AgentUnassigned' && row !== undefined ? [] : put({ ...base, campaigns });
    }
    if (row === undefined) return [];
    switch (event.type) {
      case 'AgentBecameAvailable':
        return put({ ...settled(row), status: 'available', since: at, idleSince: at });
      case 'AgentPaused':
        return put({ ...settled(row), status: 'paused', since: at, reason: event.data.reason });
      case 'AgentLoggedOut':
        return put({ ...settled(row), status: 'offline', since: at });
      case 'AgentAfterCallRequested':
        return put({ ...row, afterCall: event.data.action });
      case 'AgentReserved': {
        const { attemptId, contactId, campaignId } = event.data;
        return put({ ...settled(row), status: 'reserved', since: at, attemptId, contactId, campaignId, ...(row.idleSince === undefined ? {} : { idleSince: row.idleSince }) });
      }
      case 'AgentConnected':
        return row.attemptId === event.data.attemptId ? put({ ...row, status: 'on-call', since: at }) : [];
      case 'AgentWrapUpStarted':
        return row.attemptId === event.data.attemptId ? put({ ...row, status: 'wrap-up', since: at, wrapUpUntil: event.data.until }) : [];
      case 'AgentReservationReleased': {
        if (row.attemptId !== event.data.attemptId) return [];
        const idleSince = row.idleSince ?? at;
        return put({ ...settled(row), status: 'available', since: at, idleSince });
      }
      default:
        return [];
    }
  },
};
