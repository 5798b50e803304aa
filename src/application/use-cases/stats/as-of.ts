import type { EventStore, StoredEvent } from '../../ports/event-store.port.js';
import type { ReadModelStore } from '../../ports/read-model-store.port.js';
import { applyEvents } from '../../projections/apply-events.js';
import { metricsProjection } from '../../projections/metrics.projection.js';
import { presenceProjection } from '../../projections/presence.projection.js';
import { queueKeys, queueProjection } from '../../projections/queue.projection.js';
import { QueueSummaryFold } from './queue-summary-fold.js';

/** Token for a factory of empty, throw-away read-model stores (in memory) to replay into for `?asOf=`. */
export const SCRATCH_READ_MODELS = Symbol('SCRATCH_READ_MODELS');
export type ScratchReadModels = () => ReadModelStore;

/** The queue's per-contact rows are not replayed (a row per contact); its summary comes from QueueSummaryFold. */
const PROJECTIONS = [presenceProjection, metricsProjection];
const PROJECTED = new Set<string>(PROJECTIONS.flatMap((projection) => [...projection.handles]));
const BATCH = 5000;
/** Business time and recording time may differ a little; the scan stops once both are past this much. */
const SKEW_MS = 5 * 60_000;

const businessTime = (event: StoredEvent): number => {
  const at = (event.data as { at?: unknown } | null)?.at;
  return typeof at === 'string' ? Date.parse(at) : Date.parse(event.recordedAt);
};

export interface AsOfOptions {
  /** Also rebuild this campaign's queue summary (compactly: one number per contact). */
  readonly queueOf?: string;
}

/**
 * The read models as they stood at `asOfMs` (business time, the events' `at`): replays the log into a scratch
 * store — presence and metrics rows, plus the queue summary of `queueOf` — keeping only the events `relevant`
 * says matter for the question, and stops reading once events are recorded (and happen) well after that moment.
 * Memory stays small for big campaigns: no per-contact row is kept. The caller closes the store.
 */
export async function readModelsAsOf(
  events: EventStore,
  scratch: ScratchReadModels,
  asOfMs: number,
  relevant: (event: StoredEvent) => boolean,
  options: AsOfOptions = {},
): Promise<ReadModelStore> {
  const store = scratch();
  const queue = options.queueOf === undefined ? undefined : new QueueSummaryFold(options.queueOf);
  let batch: StoredEvent[] = [];
  let read = 0;
  for await (const event of events.readAll()) {
    if (++read % BATCH === 0) await new Promise((resolve) => setImmediate(resolve)); // let other requests run
    const at = businessTime(event);
    if (at > asOfMs + SKEW_MS && Date.parse(event.recordedAt) > asOfMs + SKEW_MS) break;
    if (at > asOfMs || !relevant(event)) continue;
    queue?.apply(event.type, (event.data ?? {}) as Parameters<QueueSummaryFold['apply']>[1]);
    if (!PROJECTED.has(event.type)) continue;
    batch.push(event);
    if (batch.length >= BATCH) {
      applyEvents(store, PROJECTIONS, batch);
      batch = [];
    }
  }
  applyEvents(store, PROJECTIONS, batch);
  if (queue !== undefined && options.queueOf !== undefined) {
    const summary = queue.summary();
    const changes = [{ key: queueKeys.summary(options.queueOf), partition: options.queueOf, row: summary }];
    store.commit([
      { projection: queueProjection.name, changes, position: store.checkpoint(metricsProjection.name) ?? 0n },
    ]);
  }
  return store;
}

/** Events that can change a campaign's stats: its own (contacts, assignments, calls) and every agent's. */
export const campaignRelevant =
  (campaignId: string) =>
  (event: StoredEvent): boolean =>
    event.streamId.startsWith('agent-') ||
    (event.data as { campaignId?: unknown } | null)?.campaignId === campaignId;

/** Events that can change one agent's stats. */
export const agentRelevant =
  (agentId: string) =>
  (event: StoredEvent): boolean =>
    (event.data as { agentId?: unknown } | null)?.agentId === agentId;
