/**
 * CSV import at scale: generates an N-row contacts CSV (default 1,000,000), boots the service on a temp DATA_DIR
 * (real SQLite), streams the file to `POST /api/campaigns/:id/contacts` and prints rows/s and peak RSS (sampled
 * every 100 ms; service and client share this process, so it is an upper bound for the service). Target: < 600 MB.
 *
 *   node --import ./test/support/swc-register.mjs bench/import-csv.ts 1000000
 */
import 'reflect-metadata';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/adapters/config/config.js';

const rows = Number(process.argv[2] ?? 1_000_000);
const API_KEY = 'bench-api-key-0123456789';
const MB = 1024 * 1024;

async function writeCsv(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  const cities = ['Pune', 'Mumbai', 'Delhi', 'Chennai', 'Kolkata', 'Bengaluru'];
  if (!out.write('phone,name,priority,timezone,city,customer_ref\n')) await once(out, 'drain');
  for (let i = 0; i < count; ) {
    const lines: string[] = [];
    for (const end = Math.min(count, i + 10_000); i < end; i++) {
      lines.push(`+91${9_000_000_000 + i},"Customer ${i}",${i % 10},Asia/Kolkata,${cities[i % cities.length]},REF-${i}`);
    }
    if (!out.write(`${lines.join('\n')}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

function post(url: string, path: string, body: () => NodeJS.ReadableStream | string, contentType: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${API_KEY}`, 'content-type': contentType } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    const source = body();
    if (typeof source === 'string') req.end(source);
    else pipeline(source, req).catch(reject);
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
  const file = join(dir, 'contacts.csv');
  try {
    let started = performance.now();
    await writeCsv(file, rows);
    console.log(`generated ${rows.toLocaleString('en')} rows (${(statSync(file).size / MB).toFixed(1)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const config = loadConfig({ DATA_DIR: join(dir, 'data'), PORT: '0', HOST: '127.0.0.1', DEMO: 'false', API_KEY, WEBHOOK_TOKEN: 'bench-webhook-token-0123456789', LOG_LEVEL: 'warn' });
    const app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');

    const created = await post(url, '/api/campaigns', () => JSON.stringify({ id: 'bench', name: 'Bench import', callerId: '+918047112222' }), 'application/json');
    if (created.status !== 201) throw new Error(`campaign: ${created.status} ${created.text}`);

    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    let ticks = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
      if (++ticks % 100 === 0 && process.env.BENCH_GC === '1') global.gc?.();
      if (ticks % 100 === 0) console.log(`  ${ticks / 10} s: RSS ${(process.memoryUsage().rss / MB).toFixed(0)} MB, heap ${(process.memoryUsage().heapUsed / MB).toFixed(0)} MB`);
    }, 100);
    started = performance.now();
    const answer = await post(url, '/api/campaigns/bench/contacts', () => createReadStream(file, { highWaterMark: 64 * 1024 }), 'text/csv');
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);

    console.log(`answer ${answer.status}: ${answer.text.slice(0, 300)}`);
    console.log(`imported ${rows.toLocaleString('en')} rows in ${seconds.toFixed(1)} s = ${Math.round(rows / seconds).toLocaleString('en')} rows/s`);
    console.log(`RSS: ${(baseline / MB).toFixed(0)} MB before the import, peak ${(peak / MB).toFixed(0)} MB during it (target < 600 MB)`);

    started = performance.now();
    const stats = await fetch(`${url}/api/campaigns/bench/stats`, { headers: { authorization: `Bearer ${API_KEY}` } });
    const queue = ((await stats.json()) as { queue: { total: number } }).queue;
    console.log(`stats after the import: queue.total = ${queue.total.toLocaleString('en')} (${(performance.now() - started).toFixed(0)} ms)`);
    await app.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
