import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (children run from there, so `./test/support/swc-register.mjs` resolves). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface NodeChild {
  readonly process: ChildProcess;
  /** Resolves with the exit code (or signal) once the process is gone. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  isRunning(): boolean;
}

/**
 * Runs a TypeScript entry (a path from the repository root) with plain node: compiled in `snapshot` (see
 * snapshot-build.ts) when given, else straight from the source through the SWC loader
 * (`node --import ./test/support/swc-register.mjs <entry>`). Output is appended to `logFile`. The child gets an IPC
 * channel only so that it can notice (`disconnect`) when the test process is gone.
 */
export function spawnTypeScript(
  entry: string,
  env: NodeJS.ProcessEnv,
  logFile: string,
  options: { snapshot?: string | undefined; stdout?: 'log' | 'pipe' } = {},
): NodeChild {
  const log = openSync(logFile, 'a');
  const args =
    options.snapshot === undefined
      ? ['--import', './test/support/swc-register.mjs', entry]
      : [join(options.snapshot, entry.replace(/\.ts$/, '.js'))];
  const stdout = options.stdout ?? 'log';
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', stdout === 'pipe' ? 'pipe' : log, log, 'ipc'],
  });
  closeSync(log);
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false;
      resolve({ code, signal });
    });
  });
  // the IPC channel must not keep the test process alive
  child.channel?.unref();
  return { process: child, exited, isRunning: () => running };
}

/** The environment for a child: this process's, minus anything the service's configuration would pick up. */
export function cleanEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(EXOTEL_|CCM_|SANDBOX_|EVENTSTORE_|FAULT_)/.test(name)) delete env[name];
  }
  for (const name of [
    'PORT',
    'HOST',
    'DATA_DIR',
    'EVENT_STORE',
    'TELEPHONY',
    'PUBLIC_BASE_URL',
    'API_KEY',
    'WEBHOOK_TOKEN',
    'DEMO',
    'LOG_LEVEL',
    'NODE_OPTIONS',
  ])
    delete env[name];
  return { ...env, ...overrides };
}
