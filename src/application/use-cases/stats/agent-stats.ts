import type { CallOutcome } from '../../../domain/dialing/outcome.mapping.js';
import type { ReadModelStore } from '../../ports/read-model-store.port.js';
import {
  metricsKeys,
  metricsProjection,
  type AgentMetricsRow,
  type MetricsRow,
} from '../../projections/metrics.projection.js';
import { presenceKey, presenceProjection, type PresenceRow } from '../../projections/presence.projection.js';
import { agentTime, occupancyOf, round, type AgentTime } from './agent-time.js';

export interface AgentStats {
  readonly agentId: string;
  readonly asOf: string;
  readonly status: PresenceRow['status'];
  readonly since: string;
  readonly campaigns: readonly string[];
  readonly calls: number;
  readonly outcomes: Readonly<Record<CallOutcome, number>>;
  readonly talkSec: number;
  readonly avgTalkTime: number;
  readonly timeInStatusSec: AgentTime;
  readonly occupancy: number;
  readonly idleTimeSec: number;
  readonly callsPerHour: number;
}

/** One agent's counters and time in each status at `nowMs`; undefined when no such agent is registered. */
export function agentStats(
  readModels: ReadModelStore,
  agentId: string,
  nowMs: number,
): AgentStats | undefined {
  const presence = readModels.get<PresenceRow>(presenceProjection.name, presenceKey(agentId));
  if (presence === undefined || presence.name === '') return undefined;
  const row = readModels.get<MetricsRow>(metricsProjection.name, metricsKeys.agent(agentId));
  const metrics = row?.kind === 'agent' ? (row as AgentMetricsRow) : undefined;
  const time = agentTime(metrics, nowMs);
  const calls = metrics?.calls ?? 0;
  const connected = metrics?.outcomes.connected ?? 0;
  const talkSec = metrics?.talkSec ?? 0;
  const rounded = Object.fromEntries(
    Object.entries(time).map(([key, value]) => [key, round(value, 1)]),
  ) as unknown as AgentTime;
  return {
    agentId,
    asOf: new Date(nowMs).toISOString(),
    status: presence.status,
    since: presence.since,
    campaigns: presence.campaigns,
    calls,
    outcomes: metrics?.outcomes ?? {
      connected: 0,
      busy: 0,
      'no-answer': 0,
      failed: 0,
      canceled: 0,
      'agent-missed': 0,
    },
    talkSec: round(talkSec, 1),
    avgTalkTime: connected > 0 ? round(talkSec / connected, 1) : 0,
    timeInStatusSec: rounded,
    occupancy: round(occupancyOf(time), 4),
    idleTimeSec: round(time.available, 1),
    callsPerHour: time.loggedIn > 0 ? round(calls / (time.loggedIn / 3600), 2) : 0,
  };
}
