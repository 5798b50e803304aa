// The floor under the paced dial decision: one durable commit through the real SQLite store, and nothing else, at the
// pace of the paced run's commits. In its own process, on a fresh file in the bench's folder:
//   <sqlite file> <commits> <mean gap ms>
// Each commit is also split by where its time went, from the thread's schedstat (Linux): on a CPU, waiting for one
// (runnable, not running), or neither (asleep in the sync). Elsewhere the split is left out.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { openSqliteEventStore } from '../src/adapters/event-store/sqlite.event-store.js';
import { reportResult } from './child-process.js';

export interface CommitFloorResult {
  readonly commits: number;
  readonly meanGapMs: number;
  readonly commitMs: readonly number[];
  /** Per commit, ms the thread spent runnable but waiting for a CPU; undefined where schedstat is not readable. */
  readonly waitingForCpuMs: readonly number[] | undefined;
}

const SCHEDSTAT = `/proc/${process.pid}/task/${process.pid}/schedstat`;

/** [ns on a CPU, ns waiting on the run queue] of this thread, or undefined off Linux. */
function schedstat(): readonly [number, number] | undefined {
  try {
    const [running, waiting] = readFileSync(SCHEDSTAT, 'utf8').split(' ').map(Number);
    return running === undefined || waiting === undefined ? undefined : [running, waiting];
  } catch {
    return undefined;
  }
}

const [file, commitsText, gapText] = process.argv.slice(2);
const commits = Number(commitsText);
const meanGapMs = Number(gapText);
const store = openSqliteEventStore(file!);
const commitMs: number[] = [];
const waiting: number[] = [];
let readable = schedstat() !== undefined;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (let n = 0; n < commits; n += 1) {
  // uniform around the mean, so commits meet the disk after gaps of every length, as the paced run's do
  await sleep(meanGapMs * 2 * Math.random());
  const before = readable ? schedstat() : undefined;
  const started = performance.now();
  await store.append(`benchFloor-${n % 100}`, [{ id: randomUUID(), type: 'FloorMeasured', data: { n } }], 'any');
  commitMs.push(performance.now() - started);
  const after = readable ? schedstat() : undefined;
  if (before === undefined || after === undefined) readable = false;
  else waiting.push((after[1] - before[1]) / 1e6);
}
await store.close();
reportResult({ commits, meanGapMs, commitMs, waitingForCpuMs: readable ? waiting : undefined } satisfies CommitFloorResult);
