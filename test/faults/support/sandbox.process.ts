/**
 * The sandbox provider in a process of its own, so the service under test can be killed and restarted while its
 * calls go on. Run with `node --import ./test/support/swc-register.mjs test/faults/support/sandbox.process.ts`;
 * options come as JSON in FAULT_SANDBOX (see SandboxChildOptions). It prints one JSON line
 * `{"baseUrl": …, "controlUrl": …}` once listening. The control server answers `GET /record` (every call placed,
 * and the stats) and `POST /settled` (once no callback POST is under way).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox } from '../../../src/adapters/telephony/sandbox/sandbox.js';
import { fastProfile } from './fast-profile.js';
import { callRecord, type SandboxRecord } from './sandbox-record.js';

export interface SandboxChildOptions {
  readonly accountSid: string;
  readonly apiKey: string;
  readonly apiToken: string;
  readonly exoPhones: readonly string[];
  readonly seed: number;
  /** Probability that a callback is lost. */
  readonly lost: number;
}

const options = JSON.parse(process.env['FAULT_SANDBOX'] ?? '{}') as SandboxChildOptions;
const sandbox = await startSandbox({
  accountSid: options.accountSid,
  apiKey: options.apiKey,
  apiToken: options.apiToken,
  exoPhones: options.exoPhones,
  seed: options.seed,
  profile: fastProfile(options.lost),
});

const control = createServer((request, response) => {
  const answer = (status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  if (request.method === 'GET' && request.url === '/record') {
    const record: SandboxRecord = {
      now: Date.now(),
      stats: sandbox.stats(),
      calls: sandbox.calls.map(callRecord),
    };
    answer(200, record);
  } else if (request.method === 'POST' && request.url === '/settled') {
    void sandbox.settled().then(() => answer(200, { settled: true }));
  } else {
    answer(404, { error: 'not-found' });
  }
});
await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
const controlUrl = `http://127.0.0.1:${(control.address() as AddressInfo).port}`;

let closing = false;
const close = async () => {
  if (closing) return;
  closing = true;
  control.close();
  await sandbox.close();
  process.exit(0);
};
process.on('SIGTERM', () => void close());
process.on('SIGINT', () => void close());
// the parent went away: do not outlive it
process.on('disconnect', () => void close());

process.stdout.write(`${JSON.stringify({ baseUrl: sandbox.baseUrl, controlUrl })}\n`);
