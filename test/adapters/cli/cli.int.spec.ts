import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openSqliteEventStore } from '../../../src/adapters/event-store/sqlite.event-store.js';
import { SqliteReadModelStore } from '../../../src/adapters/read-models/sqlite.read-model-store.js';
import {
  metricsKeys,
  type CampaignMetricsRow,
} from '../../../src/application/projections/metrics.projection.js';
import { Projector } from '../../../src/application/projections/projector.js';
import { ALL_PROJECTIONS } from '../../../src/application/projections/projections.service.js';
import { queueKeys, type QueueSummaryRow } from '../../../src/application/projections/queue.projection.js';
import type { StoredEvent } from '../../../src/application/ports/event-store.port.js';
import { HistoryPlayer, warmUp, type HistoryOp } from '../../support/random-history.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const register = fileURLToPath(new URL('../../support/swc-register.mjs', import.meta.url));
const cliMain = fileURLToPath(new URL('../../../src/adapters/cli/main.ts', import.meta.url));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let dataDir: string;
let dbFile: string;
/** Recorded after the contacts were added and before the first call. */
let beforeCalls: string;

/** `dialer …` as an operator runs it: a separate node process configured by DATA_DIR. */
function dialer(...args: string[]): Promise<Run> {
  const child = spawn(process.execPath, ['--import', register, cliMain, ...args], {
    cwd: repoRoot,
    env: { ...process.env, DATA_DIR: dataDir, EVENT_STORE: 'sqlite' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const calls: HistoryOp[] = [
  { op: 'dial', a: 0, c: 0 },
  { op: 'progress', n: 0, step: 'placed' },
  { op: 'end', n: 0, outcome: 'busy', talkSec: 0 },
  { op: 'dial', a: 1, c: 2 },
  { op: 'progress', n: 1, step: 'placed' },
  { op: 'progress', n: 1, step: 'agent-answered' },
  { op: 'progress', n: 1, step: 'customer-answered' },
  { op: 'end', n: 1, outcome: 'connected', talkSec: 42 },
  { op: 'wrap-up-over', a: 1 },
];

/** Seeds DATA_DIR through the real adapters, with the read models built live as the service builds them. */
async function seed(): Promise<void> {
  const events = openSqliteEventStore(dbFile);
  const readModels = new SqliteReadModelStore(dbFile);
  const projector = new Projector(events, readModels, ALL_PROJECTIONS);
  projector.start();
  const player = new HistoryPlayer(events);
  await player.playAll(warmUp);
  await sleep(30);
  beforeCalls = new Date().toISOString();
  await sleep(30);
  await player.playAll(calls);
  expect(await projector.waitFor(events.lastPosition())).toBe(true);
  await projector.stop();
  readModels.close();
  await events.close();
}

async function storedStream(streamId: string): Promise<StoredEvent[]> {
  const events = openSqliteEventStore(dbFile);
  try {
    const stored: StoredEvent[] = [];
    for await (const event of events.readStream(streamId)) stored.push(event);
    return stored;
  } finally {
    await events.close();
  }
}

function withReadModels<T>(read: (readModels: SqliteReadModelStore) => T): T {
  const readModels = new SqliteReadModelStore(dbFile);
  try {
    return read(readModels);
  } finally {
    readModels.close();
  }
}

const dumpReadModels = () =>
  withReadModels((readModels) =>
    Object.fromEntries(ALL_PROJECTIONS.map((p) => [p.name, readModels.list(p.name)])),
  );

async function lastPosition(): Promise<bigint> {
  const events = openSqliteEventStore(dbFile);
  try {
    return events.lastPosition();
  } finally {
    await events.close();
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'dialer-cli-'));
  dbFile = join(dataDir, 'dialer.db');
  await seed();
});

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the dialer CLI', () => {
  it('lists its commands on --help', async () => {
    const run = await dialer('--help');

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\s+replay <stream>/m);
    expect(run.stdout).toMatch(/^\s+rebuild \[/m);
    expect(run.stdout).toMatch(/^\s+stats --campaign <id>/m);
  });

  describe('replay', () => {
    it("prints a contact's timeline: one line per event, in order, with time, revision, type, facts and cause", async () => {
      const stored = await storedStream('contact-hc0');

      const run = await dialer('replay', 'contact-hc0');

      expect(run.code).toBe(0);
      const [header, ...lines] = run.stdout.trimEnd().split('\n');
      expect(header).toBe(`contact-hc0: ${stored.length} events`);
      expect(lines.map((line) => line.split(/\s+/).slice(0, 3))).toEqual(
        stored.map((e) => [e.recordedAt, `#${e.revision}`, e.type]),
      );
      expect(stored.map((e) => e.type)).toEqual([
        'ContactAdded',
        'ContactDialed',
        'CallPlaced',
        'CallTerminated',
        'RetryScheduled',
      ]);
      const terminated = stored[3]!;
      expect(lines[3]).toContain('agent ha0');
      expect(lines[3]).toContain('outcome busy');
      expect(lines[3]).toMatch(new RegExp(`\\[test, ${String(terminated.metadata.causationId)}\\]$`));
      expect(lines[4]).toContain(`due ${(stored[4]!.data as { dueAt: string }).dueAt}`);
      expect(lines[0]).toContain('phone +919876543210');
    });

    it('prints the raw events as JSON with --json, and masks phone numbers with --mask', async () => {
      const stored = await storedStream('agent-ha0');

      const run = await dialer('replay', 'agent-ha0', '--json', '--mask');

      expect(run.code).toBe(0);
      const printed = JSON.parse(run.stdout) as {
        id: string;
        type: string;
        revision: number;
        position: string;
        data: { phone?: string };
      }[];
      expect(printed.map((e) => [e.id, e.type, e.revision, e.position])).toEqual(
        stored.map((e) => [e.id, e.type, Number(e.revision), e.position.toString()]),
      );
      expect(printed[0]!.data.phone).toBe('******0010');
      expect(run.stdout).not.toContain('9900000010');
    });

    it('says so when the stream does not exist, and exits 1', async () => {
      const run = await dialer('replay', 'contact-nobody');

      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('stream contact-nobody not found');
    });
  });

  describe('rebuild', () => {
    it('rebuilds every read model to what the service had built live, with progress and a summary', async () => {
      const before = dumpReadModels();
      const last = await lastPosition();

      const run = await dialer('rebuild');

      expect(run.code).toBe(0);
      const summary =
        /^rebuilt queue, presence, metrics: ([\d,]+) events in ([\d.]+) s \(([\d,]+) events\/s\), up to position (\d+)$/.exec(
          run.stdout.trim(),
        );
      expect(summary).not.toBeNull();
      expect(Number(summary![1]!.replaceAll(',', ''))).toBe(Number(last));
      expect(BigInt(summary![4]!)).toBe(last);
      expect(run.stderr).toContain(`position ${last}/${last}`);
      expect(dumpReadModels()).toEqual(before);
      expect(
        withReadModels((readModels) => ALL_PROJECTIONS.map((p) => readModels.checkpoint(p.name))),
      ).toEqual(ALL_PROJECTIONS.map(() => last));
    });

    it('rebuilds one read model when named, and refuses a name it does not know', async () => {
      const before = dumpReadModels();

      const metrics = await dialer('rebuild', 'metrics');
      const unknown = await dialer('rebuild', 'everything');

      expect(metrics.code).toBe(0);
      expect(metrics.stdout).toMatch(/^rebuilt metrics: /);
      expect(dumpReadModels()).toEqual(before);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('unknown read model "everything"');
    });
  });

  describe('stats', () => {
    it("prints the campaign's live queue summary and metrics row", async () => {
      const run = await dialer('stats', '--campaign', 'hk0');

      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout) as {
        asOf: string;
        queue: QueueSummaryRow;
        metrics: CampaignMetricsRow;
      };
      expect(report.asOf).toBe('live');
      expect(report.queue).toEqual(
        withReadModels((readModels) => readModels.get('queue', queueKeys.summary('hk0'))),
      );
      expect(report.metrics).toEqual(
        withReadModels((readModels) => readModels.get('metrics', metricsKeys.campaign('hk0'))),
      );
      expect(report.queue.total).toBe(4);
      expect(report.metrics.dialed).toBe(2);
      expect(report.metrics.outcomes).toMatchObject({ busy: 1, connected: 1 });
    });

    it('--as-of a time before the first call replays the log to that moment: contacts queued, nothing dialled', async () => {
      const run = await dialer('stats', '--campaign', 'hk0', '--as-of', beforeCalls);

      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout) as {
        asOf: string;
        position: string;
        queue: QueueSummaryRow;
        metrics: CampaignMetricsRow;
      };
      expect(report.asOf).toBe(beforeCalls);
      expect(BigInt(report.position)).toBeLessThan(await lastPosition());
      expect(report.queue).toMatchObject({ total: 4, queued: 4, retryPending: 0, dialing: 0, completed: 0 });
      expect(report.metrics.dialed).toBe(0);
    });

    it('--as-of now equals the live read models', async () => {
      const [live, now] = await Promise.all([
        dialer('stats', '--campaign', 'hk0'),
        dialer('stats', '--campaign', 'hk0', '--as-of', new Date().toISOString()),
      ]);

      const pick = (run: Run) => {
        const { queue, metrics, position } = JSON.parse(run.stdout) as Record<string, unknown>;
        return { queue, metrics, position };
      };
      expect(pick(now)).toEqual(pick(live));
    });

    it('refuses a time it cannot read, and a campaign that does not exist', async () => {
      const [badTime, unknown] = await Promise.all([
        dialer('stats', '--campaign', 'hk0', '--as-of', 'yesterday'),
        dialer('stats', '--campaign', 'nope'),
      ]);

      expect(badTime.code).toBe(2);
      expect(badTime.stderr).toContain('--as-of needs an ISO time');
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('campaign nope not found');
    });
  });
});
