import { expect } from '@jest/globals';
import {
  EVENT_STORE,
  type EventStore,
  type StoredEvent,
} from '../../../src/application/ports/event-store.port.js';
import { VirtualClock } from '../../../src/adapters/clock/virtual.clock.js';
import { DialerService } from '../../../src/adapters/dialer/dialer.service.js';
import type { Sandbox } from '../../../src/adapters/telephony/sandbox/sandbox.js';
import type { SandboxCall } from '../../../src/adapters/telephony/sandbox/sandbox-call.js';
import { SANDBOX } from '../../../src/adapters/telephony/telephony.module.js';
import type { Dialer } from '../../../src/application/dialer/dialer.js';
import { quiesce, readyMissedAgents } from '../../support/campaign-run.js';
import { startTestService, type TestService } from '../../support/test-service.js';
import { closeRawHttp, sendRaw, type RawAnswer, type RawRequest } from './raw-http.js';
import type { RefKind, World } from './world-refs.js';

/** Monday 09:15 in Kolkata: inside the default calling window. */
export const FUZZ_START = '2026-03-02T03:45:00.000Z';

/** The sandbox plays calls out but posts no callback: the fuzzer is the only one posting callbacks. */
export const SILENT_PROFILE = new URL(
  '../../adapters/http/webhooks/fixtures/silent-callbacks.profile.json',
  import.meta.url,
).pathname;

/** Cases per route: FUZZ_RUNS sets it outright; FUZZ_SCALE multiplies the default (the long fault run). */
export function runsPerRoute(defaultRuns: number): number {
  const configured = Number(process.env.FUZZ_RUNS);
  if (Number.isInteger(configured) && configured > 0) return configured;
  const scale = Number(process.env.FUZZ_SCALE);
  return Number.isFinite(scale) && scale > 0 ? Math.max(1, Math.round(defaultRuns * scale)) : defaultRuns;
}

/** fast-check options: FUZZ_SEED replays a reported run. */
export function fuzzOptions(numRuns: number): { numRuns: number; endOnFailure: true; seed?: number } {
  const seed = Number(process.env.FUZZ_SEED);
  return {
    numRuns,
    endOnFailure: true,
    ...(process.env.FUZZ_SEED !== undefined && Number.isInteger(seed) ? { seed } : {}),
  };
}

export interface FuzzCaseRequest extends RawRequest {
  /** Route group for the counts (e.g. `api:campaigns`, `webhooks:exotel-status`). */
  readonly group: string;
  /** `POST /api/campaigns/:id/start` */
  readonly route: string;
  /** Sent without valid credentials: must never be accepted. */
  readonly unauthenticated: boolean;
}

export interface Tally {
  cases: number;
  byStatus: Map<number, number>;
}

/**
 * The real service (SQLite file, HTTP port, sandbox provider) on a virtual clock that moves only when the fuzzer
 * says so, plus the checks every fuzzed request must pass: never a 5xx, a 4xx answers JSON `{ error, message }`,
 * a refused request writes no event, and the service still answers its health check.
 */
export class FuzzTarget implements World {
  readonly tallies = new Map<string, Tally>();
  readonly routeTallies = new Map<string, Tally>();
  /** What accepted callbacks did (`applied`, `duplicate`, `orphan`, `deferred`), per group. */
  readonly outcomes = new Map<string, number>();
  /** Requests Node's HTTP parser refused before the app saw them. */
  parserRefusals = 0;
  private position = -1n;
  private readonly unexpected: unknown[] = [];
  private readonly onUnexpected = (error: unknown) => this.unexpected.push(error);

  private constructor(
    readonly service: TestService,
    readonly clock: VirtualClock,
  ) {
    process.on('unhandledRejection', this.onUnexpected);
    process.on('uncaughtException', this.onUnexpected);
  }

  static async start(env: Record<string, string> = {}): Promise<FuzzTarget> {
    const clock = new VirtualClock(FUZZ_START);
    const service = await startTestService({ SANDBOX_PROFILE: SILENT_PROFILE, ...env }, { clock });
    const target = new FuzzTarget(service, clock);
    await target.settle();
    return target;
  }

  get dialer(): Dialer {
    return this.service.app.get(DialerService).dialer;
  }

  get sandbox(): Sandbox {
    return this.service.app.get<Sandbox>(SANDBOX);
  }

  get store(): EventStore {
    return this.service.app.get<EventStore>(EVENT_STORE);
  }

  /** What references resolve to: ids and numbers the service knows now, oldest first. */
  pool(kind: RefKind): readonly string[] {
    const index = this.dialer.index;
    switch (kind) {
      case 'campaign':
        return [...index.campaigns.keys()];
      case 'agent':
        return [...index.agents.keys()];
      case 'contact':
        return [...index.contacts.keys()];
      case 'attempt':
        return this.calls().map((call) => call.attemptId ?? 'no-attempt');
      case 'callSid':
        return this.calls().map((call) => call.callSid);
      case 'agentPhone':
        return this.calls().map((call) => call.agentNumber);
      case 'customerPhone':
        return this.calls().map((call) => call.customerNumber);
    }
  }

  /** The sandbox's calls, those the dialer still sees in progress last (references prefer the most recent). */
  private calls(): SandboxCall[] {
    const open = (call: SandboxCall) =>
      call.attemptId !== undefined && this.dialer.index.attempts.get(call.attemptId)?.ended === undefined;
    return [...this.sandbox.calls.filter((call) => !open(call)), ...this.sandbox.calls.filter(open)];
  }

  /** Events stored after the given position. */
  async eventsAfter(position: bigint): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    for await (const event of this.store.readAll(position < 0n ? {} : { fromPosition: position }))
      events.push(event);
    return events;
  }

  /** Waits until the dialer followed everything stored and nothing it or the sandbox started is under way. */
  async settle(): Promise<void> {
    for (let round = 0; ; round += 1) {
      const fresh = await this.eventsAfter(this.position);
      // nothing new and nothing under way: a read, or a refused request
      if (fresh.length === 0 && this.dialer.isIdle()) return;
      const last = fresh.at(-1)?.position ?? this.position;
      const deadline = Date.now() + 10_000;
      while (this.dialer.index.position < last) {
        if (Date.now() > deadline) throw new Error(`the dialer did not follow the log to ${last}`);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      await quiesce(this.service);
      this.position = last;
      // what the dialer wrote meanwhile is read in the next round
      if (round > 100) throw new Error('the service did not come to rest');
    }
  }

  /** Moves the virtual clock (timers fire: wrap-ups end, retries fall due, watchdogs ask) and settles. */
  async advance(ms: number): Promise<void> {
    this.clock.advanceBy(ms);
    await this.settle();
    // as a supervisor would: agents paused after a missed call are made ready again (after a minute)
    if ((await readyMissedAgents(this.service, this.clock)) > 0) await this.settle();
  }

  /** Sends one fuzzed request and checks every property; returns the answer. */
  async exercise(request: FuzzCaseRequest): Promise<RawAnswer> {
    const before = this.position;
    const described = describe(request);
    let answer: RawAnswer;
    try {
      answer = await sendRaw(this.service.baseUrl, request);
    } catch (error) {
      throw new Error(`no answer to ${described}: ${(error as Error).message}`);
    }
    this.count(request, answer.status);
    const result = (answer.json as { result?: unknown } | undefined)?.result;
    if (answer.status < 300 && typeof result === 'string')
      this.outcomes.set(
        `${request.group} ${result}`,
        (this.outcomes.get(`${request.group} ${result}`) ?? 0) + 1,
      );
    const context = `${described}\n→ ${answer.status} ${answer.text.slice(0, 500)}`;

    if (answer.status >= 500 || answer.status < 100) throw new Error(`5xx (or no status): ${context}`);
    if (request.unauthenticated && answer.status < 400)
      throw new Error(`accepted without valid credentials: ${context}`);
    // Node's HTTP parser refuses a request line or header block it cannot read (400, 431; no body) before the app
    // sees the request: not the app's answer, but it must still write nothing
    const refusedByParser = !answer.byApp && [400, 413, 431].includes(answer.status) && answer.text === '';
    if (refusedByParser) this.parserRefusals += 1;
    if (answer.status >= 400 && !refusedByParser) {
      const body = answer.json as { error?: unknown; message?: unknown } | undefined;
      if (
        !answer.contentType.startsWith('application/json') ||
        typeof body?.error !== 'string' ||
        body.error === '' ||
        typeof body.message !== 'string'
      )
        throw new Error(`a 4xx without a JSON { error, message } body: ${context}`);
      // an invalid field is named (`details: [{ field }]` or `{ field }`)
      if (
        answer.status === 400 &&
        body.error === 'invalid-request' &&
        !unreadableBody(request) &&
        !PARSER_REFUSAL.test(body.message) &&
        !JSON.stringify((body as { details?: unknown }).details ?? null).includes('"field"')
      )
        throw new Error(`a 400 invalid-request that names no field: ${context}`);
    }
    await this.settle();
    if (answer.status >= 400) {
      const written = await this.eventsAfter(before);
      if (written.length > 0)
        throw new Error(
          `a refused request (${answer.status}) wrote ${written.length} event(s) (${written
            .map((e) => `${e.streamId}:${e.type}`)
            .slice(0, 5)
            .join(', ')}): ${context}`,
        );
    }
    if (this.unexpected.length > 0)
      throw new Error(`unhandled error in the service: ${String(this.unexpected[0])} after ${context}`);
    return answer;
  }

  /** The service still answers (liveness, and a read through the API key). */
  async expectAlive(): Promise<void> {
    const health = await sendRaw(this.service.baseUrl, { method: 'GET', path: '/health', headers: {} });
    expect(health.status).toBe(200);
    const ready = await sendRaw(this.service.baseUrl, { method: 'GET', path: '/health/ready', headers: {} });
    expect(ready.status).toBe(200);
    expect(this.unexpected).toEqual([]);
  }

  /** `api:campaigns  412 cases (2xx 120, 4xx 292)` per group, and the total. */
  report(title: string, perRoute = false): string {
    const lines = [...(perRoute ? this.routeTallies : this.tallies).entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([group, tally]) => {
        const classes = new Map<string, number>();
        for (const [status, n] of tally.byStatus)
          classes.set(
            `${Math.floor(status / 100)}xx`,
            (classes.get(`${Math.floor(status / 100)}xx`) ?? 0) + n,
          );
        const statuses = [...tally.byStatus.entries()]
          .sort(([a], [b]) => a - b)
          .map(([status, n]) => `${status}×${n}`)
          .join(' ');
        return `  ${group.padEnd(perRoute ? 64 : 28)} ${String(tally.cases).padStart(6)} cases  (${[
          ...classes.entries(),
        ]
          .sort()
          .map(([c, n]) => `${c} ${n}`)
          .join(', ')}; ${statuses})`;
      });
    const total = [...this.tallies.values()].reduce((sum, tally) => sum + tally.cases, 0);
    const outcomes =
      perRoute || this.outcomes.size === 0
        ? ''
        : `\n  accepted callbacks: ${[...this.outcomes.entries()]
            .sort()
            .map(([key, n]) => `${key} ×${n}`)
            .join(', ')}`;
    return `${title}: ${total} cases (${this.parserRefusals} refused by Node's HTTP parser before the app)\n${lines.join('\n')}${outcomes}`;
  }

  async close(): Promise<void> {
    process.off('unhandledRejection', this.onUnexpected);
    process.off('uncaughtException', this.onUnexpected);
    await this.service.close();
    closeRawHttp();
  }

  private count(request: FuzzCaseRequest, status: number): void {
    for (const [tallies, key] of [
      [this.tallies, request.group],
      [this.routeTallies, `${request.group} ${request.route}`],
    ] as const) {
      const tally = tallies.get(key) ?? { cases: 0, byStatus: new Map<number, number>() };
      tally.cases += 1;
      tally.byStatus.set(status, (tally.byStatus.get(status) ?? 0) + 1);
      tallies.set(key, tally);
    }
  }
}

/** Refusals by Express's router and body parsers, before any field exists: the raw value or the limit is named. */
const PARSER_REFUSAL =
  /^(Failed to decode param|The input exceeded the depth|too many parameters|unsupported charset|unsupported content encoding|request aborted)|JSON/i;

/** A JSON body the parser cannot read (malformed, a bare scalar, compressed): there is no field to name. */
function unreadableBody(request: FuzzCaseRequest): boolean {
  const type = String(request.headers['content-type'] ?? '').toLowerCase();
  if (request.body === undefined || !type.includes('json')) return false;
  if (request.headers['content-encoding'] !== undefined) return true;
  try {
    const parsed = JSON.parse(request.body.toString('utf8')) as unknown;
    return typeof parsed !== 'object' || parsed === null;
  } catch {
    return true;
  }
}

function describe(request: FuzzCaseRequest): string {
  const body =
    request.body === undefined
      ? ''
      : ` body(${request.body.length} B): ${request.body.subarray(0, 300).toString('utf8')}`;
  return `${request.method} ${request.path.slice(0, 300)} headers=${JSON.stringify(request.headers).slice(0, 300)}${body}`;
}
