import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';

/** One line of the table: a DESIGN.md target beside what this machine measured. */
export interface BenchRow {
  readonly measurement: string;
  /** The target as DESIGN.md states it; '' for figures given for context only. */
  readonly target: string;
  readonly measured: string;
  /** undefined for context figures. */
  readonly met?: boolean;
  /** Raw numbers for the JSON file. */
  readonly values?: Readonly<Record<string, number | string | boolean>>;
}

export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGb: number;
  readonly node: string;
  readonly platform: string;
  /** 1-minute load average when the bench began: other work on the machine skews every figure. */
  readonly loadAverage: number;
}

export function thisMachine(loadAverage: number): Machine {
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage,
  };
}

export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['measurement', 'target', 'measured', ''];
  const cells = rows.map((row) => [row.measurement, row.target, row.measured, row.met === undefined ? '' : row.met ? 'met' : 'MISSED']);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => cell[column]!.length)));
  const line = (cell: readonly string[]) => `| ${cell.map((text, column) => text.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

/** Writes `bench/results/<date>.json` (a second run the same day gets the time appended) and answers the path. */
export function writeResults(folder: string, content: object): string {
  mkdirSync(folder, { recursive: true });
  const now = new Date();
  const day = now.toISOString().slice(0, 10);
  const file = join(folder, `${day}.json`);
  const path = existsOrFree(file, join(folder, `${day}T${now.toISOString().slice(11, 19).replace(/:/g, '')}.json`));
  writeFileSync(path, `${JSON.stringify(content, null, 2)}\n`);
  return path;
}

function existsOrFree(preferred: string, fallback: string): string {
  try {
    writeFileSync(preferred, '', { flag: 'wx' });
    return preferred;
  } catch {
    return fallback;
  }
}

export const fmt = {
  count: (n: number) => Math.round(n).toLocaleString('en-US'),
  perSecond: (n: number) => `${Math.round(n).toLocaleString('en-US')}/s`,
  ms: (n: number) => `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms`,
  mb: (bytes: number) => `${Math.round(bytes / 1024 ** 2)} MB`,
  percent: (share: number) => `${(share * 100).toFixed(2)} %`,
};

/** The value at quantile q (0..1) of unsorted numbers. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
