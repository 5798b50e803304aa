import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { decodeEvent } from '../../src/application/events/event-schemas.js';
import { applyEvents } from '../../src/application/projections/apply-events.js';
import { metricsProjection, type CampaignMetricsRow } from '../../src/application/projections/metrics.projection.js';
import { presenceProjection } from '../../src/application/projections/presence.projection.js';
import { Projector } from '../../src/application/projections/projector.js';
import { queueProjection, type QueueRow } from '../../src/application/projections/queue.projection.js';
import { rebuildReadModels, replayUpTo } from '../../src/application/projections/rebuild.js';
import type { StoredEvent } from '../../src/application/ports/event-store.port.js';
import type { ReadModelStore } from '../../src/application/ports/read-model-store.port.js';
import { MemoryEventStore } from '../../src/adapters/event-store/memory.event-store.js';
import { MemoryReadModelStore } from '../../src/adapters/read-models/memory.read-model-store.js';
import { HistoryPlayer, historyOp, warmUp } from '../support/random-history.js';

const projections = [queueProjection, presenceProjection, metricsProjection];
const history = fc.array(historyOp, { minLength: 20, maxLength: 120, size: 'max' });

const dump = (store: ReadModelStore) => Object.fromEntries(projections.map((p) => [p.name, store.list(p.name)]));

async function allEvents(store: MemoryEventStore): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for await (const event of store.readAll()) events.push(event);
  return events;
}

async function liveRun(ops: Parameters<HistoryPlayer['playAll']>[0]) {
  const events = new MemoryEventStore();
  const readModels = new MemoryReadModelStore();
  const projector = new Projector(events, readModels, projections, { batchSize: 7 });
  projector.start();
  const player = new HistoryPlayer(events);
  await player.playAll([...warmUp, ...ops]);
  const stored = await allEvents(events);
  expect(await projector.waitFor(stored[stored.length - 1]!.position)).toBe(true);
  return { events, readModels, projector, stored, player };
}

describe('projections', () => {
  test.prop([history], { numRuns: 60 })('rebuilding from the log equals the read models built live', async (ops) => {
    const { events, readModels, projector, stored } = await liveRun(ops);
    const live = dump(readModels);
    const fresh = new MemoryReadModelStore();
    await rebuildReadModels(events, fresh, projections, { batchSize: 13 });
    expect(dump(fresh)).toEqual(live);
    await projector.rebuild();
    expect(dump(readModels)).toEqual(live);
    expect(readModels.checkpoint('queue')).toBe(stored[stored.length - 1]!.position);
    await projector.stop();
  });

  test.prop([history], { numRuns: 30 })('a rebuild short of memory, writing its rows out as it goes, builds the same read models', async (ops) => {
    const { events, readModels, projector } = await liveRun(ops);
    const fresh = new MemoryReadModelStore();
    await rebuildReadModels(events, fresh, projections, { batchSize: 5, maxRowsInMemory: 4, rowsPerWrite: 3 });
    expect(dump(fresh)).toEqual(dump(readModels));
    await projector.stop();
  });

  test.prop([history], { numRuns: 60 })('delivering events twice changes nothing', async (ops) => {
    const { readModels, projector, stored } = await liveRun(ops);
    const before = dump(readModels);
    applyEvents(readModels, projections, stored);
    applyEvents(readModels, projections, stored.slice(stored.length / 2));
    expect(dump(readModels)).toEqual(before);
    await projector.stop();
  });

  test.prop([history], { numRuns: 60 })('every stored event decodes to exactly what was written; retried commands wrote nothing', async (ops) => {
    const { stored, projector, player } = await liveRun([...ops, { op: 'repeat', n: 1 }, { op: 'repeat', n: 2 }]);
    for (const event of stored) expect(decodeEvent(event.type, event.data)?.data).toEqual(event.data);
    expect(stored).toHaveLength(player.written);
    expect(new Set(stored.map((e) => e.id)).size).toBe(stored.length);
    await projector.stop();
  });

  test.prop([history], { numRuns: 60 })('queue counts add up and metrics balance: dialed = sum of outcomes', async (ops) => {
    const { readModels, projector } = await liveRun(ops);
    const rows = readModels.list<QueueRow>('queue');
    for (const summary of rows.filter((r) => r.kind === 'summary')) {
      const contacts = rows.filter((r) => r.kind === 'contact' && r.campaignId === summary.campaignId);
      expect(summary.total).toBe(contacts.length);
      expect(summary.queued + summary.retryPending + summary.dialing + summary.completed).toBe(summary.total);
      expect(Object.values(summary.byDisposition).reduce((a, b) => a + (b ?? 0), 0)).toBe(summary.completed);
    }
    for (const metrics of readModels.list<CampaignMetricsRow>('metrics').filter((r) => r.kind === 'campaign')) {
      expect(Object.values(metrics.outcomes).reduce((a, b) => a + b, 0)).toBe(metrics.dialed);
      expect(metrics.abandoned).toBe(0);
    }
    await projector.stop();
  });

  it('replays the read models as they stood at an earlier position', async () => {
    const { events, stored, projector } = await liveRun([{ op: 'dial', a: 0, c: 0 }, { op: 'end', n: 0, outcome: 'busy', talkSec: 0 }]);
    const terminated = stored.find((e) => e.type === 'CallTerminated')!;
    const asOf = new MemoryReadModelStore();
    await replayUpTo(events, asOf, projections, terminated.position - 1n);
    const campaign = (store: ReadModelStore) => store.get<CampaignMetricsRow>('metrics', 'campaign:hk0');
    expect(campaign(asOf)).toBeUndefined();
    await replayUpTo(events, (asOf.wipe('metrics'), asOf), [metricsProjection], terminated.position);
    expect(campaign(asOf)?.outcomes.busy).toBe(1);
    await projector.stop();
  });

  it('commits at once when quiet, and coalesces what keeps coming into one commit per gap', async () => {
    const events = new MemoryEventStore();
    const readModels = new MemoryReadModelStore();
    const commits: number[] = [];
    const commit = readModels.commit.bind(readModels);
    readModels.commit = (batches) => {
      commits.push(batches[0]!.changes.length);
      commit(batches);
    };
    const projector = new Projector(events, readModels, projections, { minCommitGapMs: 200 });
    projector.start();
    const player = new HistoryPlayer(events);
    await player.playAll(warmUp);
    const quietAt = (await allEvents(events)).at(-1)!.position;
    expect(await projector.waitFor(quietAt)).toBe(true);
    const quietCommits = commits.length;

    // appends on successive turns of the event loop: the first is committed at once, the rest wait out the gap together
    await new Promise((resolve) => setTimeout(resolve, 250));
    for (const op of [{ op: 'dial', a: 0, c: 0 }, { op: 'end', n: 0, outcome: 'busy', talkSec: 0 }, { op: 'dial', a: 1, c: 1 }] as const) {
      await player.playAll([op]);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const last = (await allEvents(events)).at(-1)!.position;
    expect(await projector.waitFor(last)).toBe(true);

    expect(quietCommits).toBeGreaterThanOrEqual(1);
    expect(commits.length - quietCommits).toBe(2);
    expect(dump(readModels)).toEqual(await rebuilt(events));
    await projector.stop();
  });

  it('commits nothing while the store holds its commits, then everything that came meanwhile in one commit', async () => {
    const events = new MemoryEventStore();
    const readModels = new MemoryReadModelStore();
    let commits = 0;
    const commit = readModels.commit.bind(readModels);
    readModels.commit = (batches) => {
      commits += 1;
      commit(batches);
    };
    let release!: () => void;
    let held: Promise<void> | undefined = new Promise<void>((resolve) => (release = resolve));
    Object.assign(readModels, { commitsHeld: () => held });
    const projector = new Projector(events, readModels, projections, { minCommitGapMs: 0 });
    projector.start();
    await new HistoryPlayer(events).playAll(warmUp);
    const last = (await allEvents(events)).at(-1)!.position;

    expect(await projector.waitFor(last, 200)).toBe(false);
    expect(commits).toBe(0);
    held = undefined;
    release();
    expect(await projector.waitFor(last)).toBe(true);
    expect(commits).toBe(1);
    expect(dump(readModels)).toEqual(await rebuilt(events));
    await projector.stop();
  });

  it('commits what it holds when it stops, even while the store holds its commits', async () => {
    const events = new MemoryEventStore();
    const readModels = new MemoryReadModelStore();
    Object.assign(readModels, { commitsHeld: () => new Promise<void>(() => undefined) });
    const projector = new Projector(events, readModels, projections, { minCommitGapMs: 0 });
    projector.start();
    await new HistoryPlayer(events).playAll(warmUp);
    const last = (await allEvents(events)).at(-1)!.position;
    expect(await projector.waitFor(last, 100)).toBe(false);

    await projector.stop();

    expect(projector.caughtUpTo()).toBe(last);
    expect(dump(readModels)).toEqual(await rebuilt(events));
  });
});

async function rebuilt(events: MemoryEventStore) {
  const fresh = new MemoryReadModelStore();
  await rebuildReadModels(events, fresh, projections);
  return dump(fresh);
}
