#!/usr/bin/env node
// `npm audit --omit=dev` for high and critical findings, each either fixed or explained in audit-exceptions.json
// ({ "GHSA-…": "why it does not apply" }). Exit 1 on an unexplained finding; exit 3 when the advisory service cannot
// be reached (some registry mirrors answer the bulk endpoint with 405), so "not checked" never reads as "clean".
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const exceptions = existsSync('audit-exceptions.json') ? JSON.parse(readFileSync('audit-exceptions.json', 'utf8')) : {};
const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  report = undefined;
}
if (report === undefined || report.error !== undefined) {
  const why = report?.message || report?.error?.summary || 'no answer';
  console.log(`audit: NOT CHECKED, the advisory service could not be reached (${why.trim()})`);
  process.exit(3);
}

const serious = Object.values(report.vulnerabilities ?? {}).filter((v) => v.severity === 'high' || v.severity === 'critical');
const unexplained = [];
for (const vulnerability of serious) {
  const advisories = vulnerability.via.filter((via) => typeof via === 'object');
  for (const advisory of advisories.length > 0 ? advisories : [{ url: vulnerability.name, title: 'through a dependency' }]) {
    const id = String(advisory.url ?? '').split('/').pop();
    const line = `${vulnerability.severity} ${vulnerability.name}@${vulnerability.range}: ${advisory.title} (${id})`;
    if (exceptions[id]) console.log(`explained  ${line}\n           ${exceptions[id]}`);
    else unexplained.push(line);
  }
}
for (const line of unexplained) console.log(`UNEXPLAINED ${line}`);
console.log(`audit: ${serious.length} high/critical package(s), ${unexplained.length} unexplained`);
process.exit(unexplained.length > 0 ? 1 : 0);
