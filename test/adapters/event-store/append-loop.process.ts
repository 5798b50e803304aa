import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from '@jest/globals';
import { type EventStore, type StoredEvent } from '../../../src/application/ports/event-store.port.js';
import { collect, isStrictlyIncreasing } from './event-store.helpers.js';

/** One append the child reported as done: it printed this only after `append` resolved. */
export interface Ack {
  readonly stream: string;
  readonly revision: bigint;
  readonly position: bigint;
}

const register = new URL('../../support/swc-register.mjs', import.meta.url).href;
const appendLoop = fileURLToPath(new URL('./fixtures/append-loop.ts', import.meta.url));

/**
 * Runs the append loop (the real adapter) in a child `node`: either `count` appends to a clean exit,
 * or until `killAfterAcks` appends were acknowledged, when it gets SIGKILL wherever it is.
 */
export function runAppendLoop(
  file: string,
  options: { readonly writer: string; readonly count?: number; readonly killAfterAcks?: number },
): Promise<Ack[]> {
  const args = ['--import', register, appendLoop, file, options.writer];
  if (options.count !== undefined) args.push(String(options.count));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const acks: Ack[] = [];
  let pending = '';
  let stderr = '';

  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const ack = JSON.parse(line) as { stream: string; revision: string; position: string };
      acks.push({ stream: ack.stream, revision: BigInt(ack.revision), position: BigInt(ack.position) });
    }
    if (options.killAfterAcks !== undefined && acks.length >= options.killAfterAcks) child.kill('SIGKILL');
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));

  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const expected = options.killAfterAcks === undefined ? code === 0 : signal === 'SIGKILL';
      if (expected) resolve(acks);
      else reject(new Error(`append loop ended with ${signal ?? `code ${code}`}: ${stderr}`));
    });
  });
}

/** Every acknowledged append is stored where it was acknowledged; streams have no gap; positions only grow. */
export async function expectIntactLog(store: EventStore, acks: readonly Ack[]): Promise<StoredEvent[]> {
  const all = await collect(store.readAll());
  expect(isStrictlyIncreasing(all.map((event) => event.position))).toBe(true);

  const byStream = new Map<string, bigint[]>();
  for (const event of all)
    byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event.revision]);
  for (const revisions of byStream.values()) {
    expect(revisions).toEqual(revisions.map((_, index) => BigInt(index)));
  }

  const byPosition = new Map(all.map((event) => [event.position, event]));
  const misplaced = acks.filter((ack) => {
    const stored = byPosition.get(ack.position);
    return stored?.streamId !== ack.stream || stored.revision !== ack.revision;
  });
  expect(misplaced).toEqual([]);
  return all;
}
