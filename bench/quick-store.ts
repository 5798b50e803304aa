// A quick look at the SQLite event store on this machine (npm run bench:store): single-event commands through
// handleCommand, one awaited at a time and from 32 concurrent command streams, then a rebuild of every read model
// over a generated log of about 220,000 calls' events. The same code as `npm run bench` measures with, smaller.
//   node --import ./test/support/swc-register.mjs bench/quick-store.ts
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureRebuild } from './projection-rebuild.js';
import { measureCommandAppends } from './store-appends.js';

const COMMAND_LIMIT = 20_000;
const COMMAND_SECONDS = 10;
const CONCURRENT_STREAMS = 32;
const REBUILD_EVENTS = 220_000;

interface Row {
  readonly measurement: string;
  readonly count: number;
  readonly seconds: number;
}

function printTable(folder: string, rows: readonly Row[]): void {
  const header = ['measurement', 'count', 'seconds', 'per second'];
  const cells = rows.map((row) => [row.measurement, row.count.toLocaleString('en-US'), row.seconds.toFixed(2), Math.round(row.count / row.seconds).toLocaleString('en-US')]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => cell[column]!.length)));
  const line = (cell: readonly string[]) => `| ${cell.map((text, column) => (column === 0 ? text.padEnd(widths[column]!) : text.padStart(widths[column]!))).join(' | ')} |`;
  console.log(`SQLite event store (WAL, synchronous=FULL) in ${folder}, node ${process.version}`);
  console.log([line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...cells.map(line)].join('\n'));
}

const folder = mkdtempSync(join(tmpdir(), 'quick-store-'));
try {
  const rows: Row[] = [];
  for (const inFlight of [1, CONCURRENT_STREAMS]) {
    const rate = await measureCommandAppends(folder, inFlight, COMMAND_LIMIT, COMMAND_SECONDS);
    const measurement = inFlight === 1 ? 'command appends, one awaited at a time' : `command appends, ${inFlight} concurrent command streams`;
    rows.push({ measurement, count: rate.events, seconds: rate.seconds });
  }
  const { generated, rebuild } = await measureRebuild(folder, REBUILD_EVENTS);
  rows.push({ measurement: 'generated log of calls, 500 appends in flight', count: generated.events, seconds: generated.seconds });
  rows.push({ measurement: 'rebuild of every read model from position 0', count: rebuild.events, seconds: rebuild.seconds });
  printTable(folder, rows);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
