import type { ContactDisposition } from '../../../domain/contact/contact.events.js';
import type { ReadModelStore } from '../../ports/read-model-store.port.js';
import {
  metricsKeys,
  metricsProjection,
  type AgentMetricsRow,
  type CampaignMetricsRow,
  type MetricsRow,
  type SeriesRow,
} from '../../projections/metrics.projection.js';
import { presenceProjection, type PresenceRow } from '../../projections/presence.projection.js';
import { queueKeys, queueProjection, type QueueRow } from '../../projections/queue.projection.js';
import { addTimes, agentTime, NO_AGENT_TIME, occupancyOf, round } from './agent-time.js';
import { estimateFinish, type FinishEstimate } from './finish-estimate.js';

export interface SeriesPoint {
  readonly start: string;
  readonly dialed: number;
  readonly connected: number;
  readonly busy: number;
  readonly noAnswer: number;
  readonly failed: number;
  readonly canceled: number;
  readonly agentMissed: number;
}

export interface CampaignStats {
  readonly campaignId: string;
  readonly asOf: string;
  readonly queue: {
    readonly total: number;
    readonly queued: number;
    readonly retryPending: number;
    readonly dialing: number;
    readonly completed: number;
    readonly remaining: number;
    readonly byDisposition: Readonly<Partial<Record<ContactDisposition, number>>>;
  };
  readonly agents: {
    readonly total: number;
    readonly available: number;
    /** Busy with a call: reserved (ringing), on the call, or wrapping up. */
    readonly onCall: number;
    /** Paused or logged out. */
    readonly unavailable: number;
    readonly byStatus: {
      readonly available: number;
      readonly reserved: number;
      readonly onCall: number;
      readonly wrapUp: number;
      readonly paused: number;
      readonly offline: number;
    };
  };
  readonly performance: {
    readonly totalDialed: number;
    readonly connected: number;
    readonly noAnswer: number;
    readonly busy: number;
    readonly failed: number;
    readonly canceled: number;
    readonly agentMissed: number;
    readonly abandoned: 0;
    readonly rejected: number;
    readonly connectRate: number;
    readonly avgHandleTime: number;
    readonly avgTalkTime: number;
    readonly talkSec: number;
    readonly wrapSec: number;
    readonly occupancy: number;
    readonly idleTimeSec: number;
    readonly loggedInSec: number;
    readonly callsPerAgentHour: number;
  };
  readonly retriesPending: number;
  readonly series: SeriesPoint[];
  readonly estimate: FinishEstimate;
}

const EMPTY_CAMPAIGN: Omit<CampaignMetricsRow, 'campaignId'> = {
  kind: 'campaign',
  dialed: 0,
  outcomes: { connected: 0, busy: 0, 'no-answer': 0, failed: 0, canceled: 0, 'agent-missed': 0 },
  counted: 0,
  rejected: 0,
  talkSec: 0,
  wrapSec: 0,
  abandoned: 0,
};

function agentCounts(agents: readonly PresenceRow[]): CampaignStats['agents'] {
  const byStatus = { available: 0, reserved: 0, onCall: 0, wrapUp: 0, paused: 0, offline: 0 };
  for (const agent of agents) {
    if (agent.status === 'on-call') byStatus.onCall += 1;
    else if (agent.status === 'wrap-up') byStatus.wrapUp += 1;
    else byStatus[agent.status] += 1;
  }
  return {
    total: agents.length,
    available: byStatus.available,
    onCall: byStatus.reserved + byStatus.onCall + byStatus.wrapUp,
    unavailable: byStatus.paused + byStatus.offline,
    byStatus,
  };
}

const seriesPoint = (row: SeriesRow): SeriesPoint => ({
  start: row.bucket,
  dialed: row.dialed,
  connected: row.connected,
  busy: row.outcomes.busy,
  noAnswer: row.outcomes['no-answer'],
  failed: row.outcomes.failed,
  canceled: row.outcomes.canceled,
  agentMissed: row.outcomes['agent-missed'],
});

/**
 * A campaign's counters from the read models (live ones, or ones replayed to a moment) at `nowMs`.
 * Agent figures (occupancy, idle time, calls per agent-hour) are over the agents assigned to the campaign, across
 * all their logged-in time: occupancy = (on-call + wrap-up) ÷ logged-in; calls per agent-hour = the calls those
 * agents handled ÷ their logged-in hours.
 */
export function campaignStats(readModels: ReadModelStore, campaignId: string, nowMs: number): CampaignStats {
  const summaryRow = readModels.get<QueueRow>(queueProjection.name, queueKeys.summary(campaignId));
  const summary = summaryRow?.kind === 'summary' ? summaryRow : undefined;
  const metrics = readModels.list<MetricsRow>(metricsProjection.name, campaignId);
  const campaign = metrics.find((row): row is CampaignMetricsRow => row.kind === 'campaign') ?? {
    ...EMPTY_CAMPAIGN,
    campaignId,
  };
  const series = metrics
    .filter((row): row is SeriesRow => row.kind === 'series')
    .sort((a, b) => a.bucket.localeCompare(b.bucket));
  const agents = readModels
    .list<PresenceRow>(presenceProjection.name)
    .filter((row) => row.campaigns.includes(campaignId));

  let time = NO_AGENT_TIME;
  let agentCalls = 0;
  for (const agent of agents) {
    const row = readModels.get<MetricsRow>(metricsProjection.name, metricsKeys.agent(agent.agentId));
    const metricsRow = row?.kind === 'agent' ? (row as AgentMetricsRow) : undefined;
    time = addTimes(time, agentTime(metricsRow, nowMs));
    agentCalls += metricsRow?.calls ?? 0;
  }

  const queued = summary?.queued ?? 0;
  const retryPending = summary?.retryPending ?? 0;
  const dialing = summary?.dialing ?? 0;
  const completed = summary?.completed ?? 0;
  const remaining = queued + retryPending + dialing;
  const { outcomes } = campaign;
  const handled = outcomes.connected;
  return {
    campaignId,
    asOf: new Date(nowMs).toISOString(),
    queue: {
      total: summary?.total ?? 0,
      queued,
      retryPending,
      dialing,
      completed,
      remaining,
      byDisposition: summary?.byDisposition ?? {},
    },
    agents: agentCounts(agents),
    performance: {
      totalDialed: campaign.dialed,
      connected: outcomes.connected,
      noAnswer: outcomes['no-answer'],
      busy: outcomes.busy,
      failed: outcomes.failed,
      canceled: outcomes.canceled,
      agentMissed: outcomes['agent-missed'],
      abandoned: 0,
      rejected: campaign.rejected,
      connectRate: campaign.dialed > 0 ? round(outcomes.connected / campaign.dialed, 4) : 0,
      avgHandleTime: handled > 0 ? round((campaign.talkSec + campaign.wrapSec) / handled, 1) : 0,
      avgTalkTime: handled > 0 ? round(campaign.talkSec / handled, 1) : 0,
      talkSec: round(campaign.talkSec, 1),
      wrapSec: round(campaign.wrapSec, 1),
      occupancy: round(occupancyOf(time), 4),
      idleTimeSec: round(time.available, 1),
      loggedInSec: round(time.loggedIn, 1),
      callsPerAgentHour: time.loggedIn > 0 ? round(agentCalls / (time.loggedIn / 3600), 2) : 0,
    },
    retriesPending: retryPending,
    series: series.map(seriesPoint),
    estimate: estimateFinish({
      remaining,
      dialed: campaign.dialed,
      touched: completed + retryPending + dialing,
      series,
      ...(campaign.firstDialAt === undefined ? {} : { firstDialAt: campaign.firstDialAt }),
      nowMs,
    }),
  };
}
