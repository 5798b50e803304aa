import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const API_KEY = 'main-test-api-key-0123456789';
const WEBHOOK_TOKEN = 'main-test-webhook-token-9876543210';

interface Run {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  readonly exited: Promise<number | null>;
}

/** `node src/main.ts` as an operator runs it, with only the given variables (plus PATH) in its environment. */
function runMain(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', './test/support/swc-register.mjs', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: Run = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  };
  child.stdout!.on('data', (chunk: Buffer) => (run.stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
  return run;
}

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dialer-main-'));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('starting the service with a bad configuration', () => {
  it.each([
    [{ PORT: 'abc' }, ['PORT']],
    [{ EVENT_STORE: 'eventstoredb' }, ['EVENTSTORE_CONNECTION_STRING', 'EVENT_STORE=eventstoredb']],
    [
      { TELEPHONY: 'exotel-v1' },
      ['EXOTEL_API_KEY', 'EXOTEL_API_TOKEN', 'EXOTEL_ACCOUNT_SID', 'EXOTEL_CALLER_ID', 'PUBLIC_BASE_URL'],
    ],
  ])('%j stops with exit code 2 and one message naming %j, without a stack', async (env, named) => {
    const run = runMain({ DATA_DIR: tempDir(), ...env });
    expect(await run.exited).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^invalid configuration:\n( {2}- .+\n)+$/);
    for (const name of named) expect(run.stderr).toContain(name);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the running service logs JSON lines to stdout', () => {
  it('writes one redacted access line per request, with the request id', async () => {
    const run = runMain({
      DATA_DIR: tempDir(),
      PORT: '0',
      HOST: '127.0.0.1',
      DEMO: 'false',
      API_KEY,
      WEBHOOK_TOKEN,
      LOG_LEVEL: 'info',
    });
    try {
      for (let i = 0; i < 300 && !/listening on (http\S+)/.test(run.stdout); i += 1)
        await new Promise((r) => setTimeout(r, 50));
      const url = /listening on (http\S+)/.exec(run.stdout)?.[1];
      expect(url).toBeDefined();
      const response = await fetch(`${url!}/nothing-here/09876543210?token=${WEBHOOK_TOKEN}`, {
        headers: { 'x-request-id': 'from-main-test' },
      });
      expect(response.status).toBe(404);
      expect(response.headers.get('x-request-id')).toBe('from-main-test');
      for (let i = 0; i < 100 && !run.stdout.includes('from-main-test'); i += 1)
        await new Promise((r) => setTimeout(r, 20));
    } finally {
      run.child.kill('SIGTERM');
      await run.exited;
    }
    const records = run.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.filter((r) => r.msg === 'request')).toEqual([
      expect.objectContaining({
        level: 'info',
        reqId: 'from-main-test',
        method: 'GET',
        path: '/nothing-here/******3210?token=[redacted]',
        status: 404,
      }),
    ]);
    expect(records.every((r) => typeof r.time === 'string' && typeof r.level === 'string')).toBe(true);
    expect(run.stdout).not.toContain(WEBHOOK_TOKEN);
    expect(run.stdout).not.toContain(API_KEY);
    expect(run.stdout).not.toContain('9876543210');
  });
});
