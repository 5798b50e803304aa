// One piece of `npm run bench`, on its own, at any size; prints its figures as JSON and writes no results file.
//   npx tsc -p bench/tsconfig.json && node dist/bench/bench/piece.js rebuild [events]
//   node dist/bench/bench/piece.js webhooks [callbacks per second] [seconds] [warm-up seconds, default 5]
//   node dist/bench/bench/piece.js appends [commands] [concurrent streams]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureRebuild } from './projection-rebuild.js';
import { measureCommandAppends } from './store-appends.js';
import { measureWebhookIngest } from './webhook-ingest.js';

const [piece, first, second, third] = process.argv.slice(2);
const number = (text: string | undefined, fallback: number) => (text === undefined ? fallback : Number(text));
const folder = mkdtempSync(join(tmpdir(), 'dialer-bench-'));
const loadAtStart = loadavg()[0]!;
try {
  let result: object;
  switch (piece) {
    case 'rebuild':
      result = await measureRebuild(folder, number(first, 1_000_000));
      break;
    case 'webhooks':
      result = await measureWebhookIngest(folder, number(first, 2_500), number(second, 10), number(third, 5));
      break;
    case 'appends':
      result = await measureCommandAppends(folder, number(second, 32), number(first, 30_000), 10);
      break;
    default:
      throw new Error(`unknown piece "${piece ?? ''}": rebuild, webhooks or appends`);
  }
  process.stdout.write(`${JSON.stringify({ piece, ...result, loadAverage: { start: loadAtStart, end: loadavg()[0] } })}\n`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
