// Posts v1 terminal status callbacks (JSON, as Exotel sends them) at a fixed offered rate, open loop: request n is
// due at n / rate seconds whatever happened to earlier ones, and its latency counts from that due time, so a
// service falling behind shows in the figures instead of slowing the generator down. The first <warm-up seconds>
// run at the same rate but are left out of the latency figures (code not yet optimised by the JIT, connections being
// opened): they are still sent, answered and counted as lost or not.
//   webhook-load.process <callback url with token> <callbacks per second> <seconds> [warm-up seconds]
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { toExotelV1Time } from '../src/adapters/telephony/shared/kolkata-time.js';
import { reportResult } from './child-process.js';

export interface LoadResult {
  readonly sent: number;
  /** 200 answers whose body said the callback was applied. */
  readonly applied: number;
  /** Any other answer (a duplicate, an orphan, an error status). */
  readonly notApplied: number;
  readonly failed: number;
  readonly seconds: number;
  readonly achievedPerSecond: number;
  /** Milliseconds from each request's due time to its answer. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** The worst latency of the requests due in each second of the run: where the tail comes from. */
  readonly worstMsBySecond: readonly number[];
  readonly maxMs: number;
  /** Milliseconds from sending to the answer (the server's share, without any wait in this generator). */
  readonly serverP99Ms: number;
}

const CONNECTIONS = 64;

function callbackBody(n: number, nowMs: number): string {
  const time = toExotelV1Time(nowMs);
  return JSON.stringify({
    CallSid: `bench-call-${n}`,
    EventType: 'terminal',
    Status: 'busy',
    DateCreated: time,
    DateUpdated: time,
    StartTime: time,
    EndTime: time,
    From: '09910000001',
    To: `097${String(10_000_000 + n)}`,
    Direction: 'outbound-api',
    ConversationDuration: 0,
    CustomField: `h${n}~bench`,
    Legs: [
      { OnCallDuration: 4, Status: 'completed', AnsweredBy: 'human' },
      { OnCallDuration: 0, Status: 'busy', AnsweredBy: '' },
    ],
  });
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

async function main(): Promise<void> {
  const [target, rateText, secondsText, warmUpText] = process.argv.slice(2);
  const url = new URL(target!);
  const rate = Number(rateText);
  const warmUpMs = Number(warmUpText ?? 0) * 1000;
  const total = Math.round(rate * (Number(secondsText) + warmUpMs / 1000));
  const pool = new Pool(url.origin, { connections: CONNECTIONS, pipelining: 1 });
  const path = `${url.pathname}${url.search}`;
  const fromDue: number[] = [];
  const fromSend: number[] = [];
  let applied = 0;
  let notApplied = 0;
  let failed = 0;
  const inFlight = new Set<Promise<void>>();
  const worstBySecond: number[] = [];

  const started = performance.now();
  const post = async (n: number, dueAt: number): Promise<void> => {
    const sentAt = performance.now();
    try {
      const response = await pool.request({ path, method: 'POST', headers: { 'content-type': 'application/json' }, body: callbackBody(n, Date.now()) });
      const text = await response.body.text();
      const done = performance.now();
      const second = Math.floor((dueAt - started) / 1000);
      worstBySecond[second] = Math.max(worstBySecond[second] ?? 0, done - dueAt);
      if (dueAt - started >= warmUpMs) {
        fromDue.push(done - dueAt);
        fromSend.push(done - sentAt);
      }
      if (response.statusCode === 200 && text.includes('"applied"')) applied += 1;
      else notApplied += 1;
    } catch {
      failed += 1;
    }
  };

  for (let sent = 0; sent < total; ) {
    const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
    for (; sent < due; sent += 1) {
      const request = post(sent, started + (sent * 1000) / rate);
      inFlight.add(request);
      void request.finally(() => inFlight.delete(request));
    }
    await sleep(1);
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  const sortedDue = [...fromDue].sort((a, b) => a - b);
  const sortedSend = [...fromSend].sort((a, b) => a - b);
  const result: LoadResult = {
    sent: total,
    applied,
    notApplied,
    failed,
    seconds,
    achievedPerSecond: (applied + notApplied) / seconds,
    p50Ms: quantile(sortedDue, 0.5),
    p99Ms: quantile(sortedDue, 0.99),
    maxMs: sortedDue.at(-1) ?? Number.NaN,
    serverP99Ms: quantile(sortedSend, 0.99),
    worstMsBySecond: Array.from(worstBySecond, (ms) => Math.round(ms ?? 0)),
  };
  reportResult(result);
}

await main();
