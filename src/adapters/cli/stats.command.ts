import { parseArgs } from 'node:util';
import { streamOf } from '../../application/events/streams.js';
import type { EventStore } from '../../application/ports/event-store.port.js';
import type { ReadModelStore } from '../../application/ports/read-model-store.port.js';
import {
  metricsKeys,
  metricsProjection,
  type CampaignMetricsRow,
} from '../../application/projections/metrics.projection.js';
import {
  queueKeys,
  queueProjection,
  type QueueSummaryRow,
} from '../../application/projections/queue.projection.js';
import { replayUpTo } from '../../application/projections/rebuild.js';
import { MemoryReadModelStore } from '../read-models/memory.read-model-store.js';
import { EXIT, UsageError, type CliCommand } from './cli-command.js';
import { withStores } from './cli-stores.js';

const noOutcomes = { connected: 0, busy: 0, 'no-answer': 0, failed: 0, canceled: 0, 'agent-missed': 0 };

function emptyQueue(campaignId: string): QueueSummaryRow {
  return {
    kind: 'summary',
    campaignId,
    total: 0,
    queued: 0,
    retryPending: 0,
    dialing: 0,
    completed: 0,
    byDisposition: {},
  };
}

function emptyMetrics(campaignId: string): CampaignMetricsRow {
  return {
    kind: 'campaign',
    campaignId,
    dialed: 0,
    outcomes: noOutcomes,
    counted: 0,
    rejected: 0,
    talkSec: 0,
    wrapSec: 0,
    abandoned: 0,
  };
}

function parseTime(text: string): number {
  const ms = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(ms))
    throw new UsageError(`--as-of needs an ISO time such as 2026-03-02T15:30:00+05:30, not "${text}"`);
  return ms;
}

async function exists(events: EventStore, streamId: string): Promise<boolean> {
  for await (const _event of events.readStream(streamId, { maxCount: 1 })) return true;
  return false;
}

/** The position of the last event recorded at or before `ms` (0 when none was). */
async function lastPositionAt(events: EventStore, ms: number): Promise<bigint> {
  let position = 0n;
  for await (const event of events.readAll())
    if (Date.parse(event.recordedAt) <= ms) position = event.position;
  return position;
}

/** How far both read models the report reads have been projected. */
function projectedUpTo(readModels: ReadModelStore): bigint | undefined {
  const [queue, metrics] = [readModels.checkpoint('queue'), readModels.checkpoint('metrics')];
  if (queue === undefined || metrics === undefined) return undefined;
  return queue < metrics ? queue : metrics;
}

function statsOf(readModels: ReadModelStore, campaignId: string) {
  return {
    queue: readModels.get<QueueSummaryRow>('queue', queueKeys.summary(campaignId)) ?? emptyQueue(campaignId),
    metrics:
      readModels.get<CampaignMetricsRow>('metrics', metricsKeys.campaign(campaignId)) ??
      emptyMetrics(campaignId),
  };
}

/** `dialer stats --campaign <id> [--as-of <time>]`: live read models, or a replay of the log up to that moment. */
export const statsCommand: CliCommand = {
  name: 'stats',
  usage: 'stats --campaign <id> [--as-of <ISO time>]',
  summary: "a campaign's queue summary and metrics as JSON, now or as they stood at a time",
  details: [
    'Without --as-of: the live read models (as far as the service has projected them).',
    'With --as-of: replays the log into memory up to the last event recorded at or before that time.',
  ],
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { campaign: { type: 'string' }, 'as-of': { type: 'string' } },
      allowPositionals: true,
    });
    const campaignId = values.campaign;
    if (campaignId === undefined || positionals.length > 0)
      throw new UsageError('stats needs --campaign <id> and nothing else but --as-of');
    const asOfMs = values['as-of'] === undefined ? undefined : parseTime(values['as-of']);

    return withStores(io.env, async (stores) => {
      if (!(await exists(stores.events, streamOf.campaign(campaignId)))) {
        io.stderr.write(
          `campaign ${campaignId} not found: stream ${streamOf.campaign(campaignId)} has no events\n`,
        );
        return EXIT.notFound;
      }
      let report;
      if (asOfMs === undefined) {
        const position = projectedUpTo(stores.readModels);
        if (position === undefined)
          io.stderr.write(
            'the read models have not been built yet: start the service or run `dialer rebuild`\n',
          );
        report = {
          campaignId,
          asOf: 'live',
          position: position?.toString() ?? null,
          ...statsOf(stores.readModels, campaignId),
        };
      } else {
        const position = await lastPositionAt(stores.events, asOfMs);
        const replayed = new MemoryReadModelStore();
        await replayUpTo(stores.events, replayed, [queueProjection, metricsProjection], position);
        report = {
          campaignId,
          asOf: new Date(asOfMs).toISOString(),
          position: position.toString(),
          ...statsOf(replayed, campaignId),
        };
      }
      io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return EXIT.ok;
    });
  },
};
