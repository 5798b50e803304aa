import type { CallOutcome } from '../../domain/dialing/outcome.mapping.js';
import type { RowChange } from '../ports/read-model-store.port.js';
import { epochMs } from './iso-millis.js';
import type { Projection, RowView } from './projection.js';
import { revise } from './revise.js';

export type OutcomeCounts = Readonly<Record<CallOutcome, number>>;

export interface CampaignMetricsRow {
  readonly kind: 'campaign';
  readonly campaignId: string;
  /** Attempts that ended: connected + busy + no-answer + failed + canceled + agent-missed. */
  readonly dialed: number;
  readonly outcomes: OutcomeCounts;
  /** Attempts that counted against maxAttempts (the customer leg was dialled). */
  readonly counted: number;
  /** Dial requests the provider refused before a call existed. */
  readonly rejected: number;
  readonly talkSec: number;
  readonly wrapSec: number;
  /** Progressive dialing never rings a customer without a reserved agent. */
  readonly abandoned: 0;
  readonly firstDialAt?: string;
  readonly lastEventAt?: string;
}

export type AgentTimeBucket = 'available' | 'paused' | 'reserved' | 'on-call' | 'wrap-up' | 'offline';

export interface AgentMetricsRow {
  readonly kind: 'agent';
  readonly agentId: string;
  readonly calls: number;
  readonly outcomes: OutcomeCounts;
  readonly talkSec: number;
  readonly secondsIn: Readonly<Record<AgentTimeBucket, number>>;
  readonly status: AgentTimeBucket;
  readonly statusSince: string;
  /** Campaign of the attempt in hand, to charge wrap-up time to it. */
  readonly campaignId?: string;
}

export interface SeriesRow {
  readonly kind: 'series';
  readonly campaignId: string;
  /** Start of the 15-minute interval (ISO, UTC). */
  readonly bucket: string;
  readonly dialed: number;
  readonly connected: number;
  readonly outcomes: OutcomeCounts;
}

export type MetricsRow = CampaignMetricsRow | AgentMetricsRow | SeriesRow;

export const SERIES_INTERVAL_MS = 15 * 60 * 1000;

export const metricsKeys = {
  campaign: (campaignId: string) => `campaign:${campaignId}`,
  agent: (agentId: string) => `agent:${agentId}`,
  series: (campaignId: string, bucket: string) => `series:${campaignId}:${bucket}`,
};

const noOutcomes = (): Record<CallOutcome, number> => ({ connected: 0, busy: 0, 'no-answer': 0, failed: 0, canceled: 0, 'agent-missed': 0 });

// events come in time order, so most land in the bucket of the one before: its name is kept
let lastBucketMs = Number.NaN;
let lastBucket = '';

export function bucketOf(at: string): string {
  const ms = epochMs(at);
  const bucketMs = ms - (ms % SERIES_INTERVAL_MS);
  if (bucketMs !== lastBucketMs) {
    lastBucket = new Date(bucketMs).toISOString();
    lastBucketMs = bucketMs;
  }
  return lastBucket;
}

const seconds = (from: string, to: string) => Math.max(0, (epochMs(to) - epochMs(from)) / 1000);

/** The counts with one more `outcome` (a copy; cheaper than a computed key in a spread literal). */
function plusOne(outcomes: OutcomeCounts, outcome: CallOutcome): OutcomeCounts {
  const next: Record<CallOutcome, number> = { ...outcomes };
  next[outcome] = outcomes[outcome] + 1;
  return next;
}

function campaignRow(view: RowView<MetricsRow>, campaignId: string): CampaignMetricsRow {
  const row = view.get(metricsKeys.campaign(campaignId));
  return row?.kind === 'campaign'
    ? row
    : { kind: 'campaign', campaignId, dialed: 0, outcomes: noOutcomes(), counted: 0, rejected: 0, talkSec: 0, wrapSec: 0, abandoned: 0 };
}

function agentRow(view: RowView<MetricsRow>, agentId: string, at: string): AgentMetricsRow {
  const row = view.get(metricsKeys.agent(agentId));
  return row?.kind === 'agent'
    ? row
    : {
        kind: 'agent',
        agentId,
        calls: 0,
        outcomes: noOutcomes(),
        talkSec: 0,
        secondsIn: { available: 0, paused: 0, reserved: 0, 'on-call': 0, 'wrap-up': 0, offline: 0 },
        status: 'offline',
        statusSince: at,
      };
}

const AGENT_STATUS_AFTER: Partial<Record<string, AgentTimeBucket>> = {
  AgentRegistered: 'offline',
  AgentBecameAvailable: 'available',
  AgentPaused: 'paused',
  AgentLoggedOut: 'offline',
  AgentReserved: 'reserved',
  AgentConnected: 'on-call',
  AgentWrapUpStarted: 'wrap-up',
  AgentReservationReleased: 'available',
};

/** Counters per campaign and agent, and calls per 15 minutes. Abandoned is 0 by construction. */
export const metricsProjection: Projection<MetricsRow> = {
  name: 'metrics',
  handles: new Set(['CallTerminated', 'DialRejected', ...(Object.keys(AGENT_STATUS_AFTER) as (keyof typeof AGENT_STATUS_AFTER & string)[])] as never),
  apply({ event }, view) {
    const at = event.data.at;
    if (event.type === 'CallTerminated') {
      const { campaignId, agentId, outcome, counts, talkSec } = event.data;
      const campaign = campaignRow(view, campaignId);
      const agent = agentRow(view, agentId, at);
      const bucket = bucketOf(at);
      const seriesKey = metricsKeys.series(campaignId, bucket);
      const existing = view.get(seriesKey);
      const series: SeriesRow = existing?.kind === 'series' ? existing : { kind: 'series', campaignId, bucket, dialed: 0, connected: 0, outcomes: noOutcomes() };
      const connected = outcome === 'connected' ? 1 : 0;
      const changes: RowChange<MetricsRow>[] = [
        {
          key: metricsKeys.campaign(campaignId),
          partition: campaignId,
          row: revise(campaign, {
            dialed: campaign.dialed + 1,
            outcomes: plusOne(campaign.outcomes, outcome),
            counted: campaign.counted + (counts ? 1 : 0),
            talkSec: campaign.talkSec + talkSec,
            firstDialAt: campaign.firstDialAt ?? at,
            lastEventAt: at,
          }),
        },
        { key: metricsKeys.agent(agentId), row: { ...agent, calls: agent.calls + 1, outcomes: plusOne(agent.outcomes, outcome), talkSec: agent.talkSec + talkSec } },
        { key: seriesKey, partition: campaignId, row: { ...series, dialed: series.dialed + 1, connected: series.connected + connected, outcomes: plusOne(series.outcomes, outcome) } },
      ];
      return changes;
    }
    if (event.type === 'DialRejected') {
      const campaign = campaignRow(view, event.data.campaignId);
      return [{ key: metricsKeys.campaign(event.data.campaignId), partition: event.data.campaignId, row: revise(campaign, { rejected: campaign.rejected + 1, lastEventAt: at }) }];
    }
    const next = AGENT_STATUS_AFTER[event.type];
    if (next === undefined || !('agentId' in event.data)) return [];
    return agentTransition(view, (event.data as { agentId: string }).agentId, next, at, 'campaignId' in event.data ? (event.data.campaignId as string) : undefined);
  },
};

function agentTransition(view: RowView<MetricsRow>, agentId: string, next: AgentTimeBucket, at: string, campaignId: string | undefined): RowChange<MetricsRow>[] {
  const agent = agentRow(view, agentId, at);
  const spent = seconds(agent.statusSince, at);
  const changes: RowChange<MetricsRow>[] = [];
  if (agent.status === 'wrap-up' && next !== 'wrap-up' && agent.campaignId !== undefined) {
    const campaign = campaignRow(view, agent.campaignId);
    changes.push({ key: metricsKeys.campaign(agent.campaignId), partition: agent.campaignId, row: { ...campaign, wrapSec: campaign.wrapSec + spent } });
  }
  const secondsIn: Record<AgentTimeBucket, number> = { ...agent.secondsIn };
  secondsIn[agent.status] = agent.secondsIn[agent.status] + spent;
  const work = next === 'reserved' ? campaignId : next === 'on-call' || next === 'wrap-up' ? agent.campaignId : undefined;
  // campaignId is always the row's last field, so a spread that sets it keeps the field order of one that drops it
  let row: AgentMetricsRow;
  if (work !== undefined) row = revise(agent, { secondsIn, status: next, statusSince: at, campaignId: work });
  else if (agent.campaignId === undefined) row = revise(agent, { secondsIn, status: next, statusSince: at });
  else {
    const { campaignId: _previous, ...rest } = agent;
    row = revise(rest, { secondsIn, status: next, statusSince: at });
  }
  changes.push({ key: metricsKeys.agent(agentId), row });
  return changes;
}
