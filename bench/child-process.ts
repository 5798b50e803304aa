import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Compiled (npm run bench: dist/bench) or run from the sources with the SWC hook. */
const compiled = import.meta.url.endsWith('.js');
const sourceHook = compiled ? [] : ['--import', fileURLToPath(new URL('../test/support/swc-register.mjs', import.meta.url))];

/**
 * Runs a bench script (`name` without extension, next to this file) in its own node process: its own heap, RSS
 * and event loop. Answers the JSON object it prints as its last line of stdout; its stderr (progress) passes through.
 */
export function runBenchProcess<T>(name: string, args: readonly string[], nodeFlags: readonly string[] = []): Promise<T> {
  const script = `./${name}.${compiled ? 'js' : 'ts'}`;
  const file = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, [...nodeFlags, ...sourceHook, file, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`${script} exited with ${code}: ${last}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} printed no JSON result: ${last}`));
      }
    });
  });
}

/** For child scripts: the result on stdout, as one JSON line. */
export function reportResult(result: object): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

export function progress(message: string): void {
  process.stderr.write(`  ${message}\n`);
}
