#!/usr/bin/env node
/**
 * Completes package-lock.json with the other platforms' optional binaries (e.g. @swc/core-darwin-arm64).
 *
 * Why: the npm registry reachable from our machines and CI does not serve other platforms' optional packages, so
 * `npm install` leaves them out of the lock, and `npm ci` then refuses the lock as "out of sync" (npm/cli#9846).
 * Each added entry is marked optional with the os/cpu its name states, so npm never fetches it on this platform.
 * Run after any `npm install` that changes dependencies: `npm run lock:complete`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const LOCK = 'package-lock.json';
const OS = ['darwin', 'linux', 'win32', 'freebsd', 'android', 'openbsd', 'sunos', 'aix', 'netbsd', 'wasi'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el', 'wasm32'];

function platformOf(name) {
  const tokens = name.toLowerCase().split(/[-/@_.]/);
  const os = OS.find((o) => tokens.includes(o) || (o === 'win32' && tokens.includes('windows')));
  let cpu = CPU.find((c) => tokens.includes(c) || (c === 'arm' && tokens.some((t) => t.startsWith('gnueabihf') || t.startsWith('musleabihf') || t === 'eabi')));
  if (tokens.includes('arm') && (tokens.includes('gnueabihf') || tokens.includes('musleabihf') || tokens.includes('eabi'))) cpu = 'arm';
  const libc = tokens.includes('musl') || tokens.includes('musleabihf') ? 'musl' : tokens.includes('gnu') || tokens.includes('gnueabihf') ? 'glibc' : undefined;
  return { os, cpu, libc };
}

function missingEntries() {
  try {
    execFileSync('npm', ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], { stdio: 'pipe' });
    return [];
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
    return [...output.matchAll(/Missing: (.+?)@([^@\s]*) from lock file/g)].map((m) => ({ name: m[1], version: m[2] }));
  }
}

const lock = JSON.parse(readFileSync(LOCK, 'utf8'));
let added = 0;
for (let round = 0; round < 3; round += 1) {
  const missing = missingEntries();
  if (missing.length === 0) break;
  for (const { name, version } of missing) {
    const key = `node_modules/${name}`;
    if (lock.packages[key] !== undefined) continue;
    const declared = Object.values(lock.packages).map((p) => p.optionalDependencies?.[name]).find((v) => v !== undefined);
    const { os, cpu, libc } = platformOf(name);
    lock.packages[key] = {
      version: version || declared?.replace(/^[\^~=]/, '') || '0.0.0',
      optional: true,
      ...(cpu ? { cpu: [cpu] } : {}),
      ...(os ? { os: [os] } : {}),
      ...(libc ? { libc: [libc] } : {}),
    };
    added += 1;
  }
  writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
}
const left = missingEntries();
console.log(`added ${added} optional platform entries; ${left.length === 0 ? 'npm ci accepts the lock' : `still missing: ${left.map((m) => m.name).join(', ')}`}`);
process.exit(left.length === 0 ? 0 : 1);
