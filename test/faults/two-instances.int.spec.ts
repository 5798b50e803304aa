/**
 * Two instances on one store (issue 7): two service processes on different ports share one DATA_DIR (one SQLite
 * file) and one sandbox provider, each telling the provider its own callback address, and run one campaign
 * together. Midway the second is killed (SIGKILL) and restarted while the first carries on. Both dialers pump the
 * same campaign, so every agent reservation and every dial races; the store's expected revisions must serialise
 * them: no agent on two calls, no contact on two calls, no attempt placed twice, and both instances answer
 * /health/ready and the API throughout (the second apart from its own restart).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  MAX_ATTEMPTS,
  campaignStatus,
  listAgents,
  remainingContacts,
  setUpCampaign,
  supervise,
} from './support/campaign-api.js';
import {
  agentProblems,
  callProblems,
  compareReadModels,
  contactProblems,
  outcomeProblems,
  readLog,
} from './support/log-audit.js';
import { freePort } from './support/ports.js';
import { childCode } from './support/snapshot-build.js';
import { SandboxChild } from './support/sandbox-child.js';
import { envInt, sleep } from './support/seeded-random.js';
import { EXOTEL, ServiceProcess, WATCHDOG_AFTER_MS } from './support/service-process.js';

const SEED = envInt('FAULT_SEED', 20260307);
const AGENTS = 8;
const CONTACTS = 48;
const DEADLINE_MS = 150_000;

let work: string;
let sandbox: SandboxChild | undefined;
const services: ServiceProcess[] = [];
let passed = false;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'faults-two-'));
  const snapshot = await childCode(work);
  sandbox = await SandboxChild.start(
    { ...EXOTEL, exoPhones: [EXOTEL.callerId], seed: SEED + 1, lost: 0.01 },
    join(work, 'sandbox.log'),
    snapshot,
  );
  for (const name of ['first', 'second']) {
    services.push(
      new ServiceProcess({
        name,
        dataDir: join(work, 'data'),
        port: await freePort(),
        sandboxUrl: sandbox.baseUrl,
        logFile: join(work, `${name}.log`),
        watchdogAfterMs: WATCHDOG_AFTER_MS,
        snapshot,
      }),
    );
  }
}, 60_000);

afterAll(async () => {
  for (const service of services) await service.kill();
  await sandbox?.stop();
  if (passed && process.env['FAULT_KEEP'] === undefined) rmSync(work, { recursive: true, force: true });
  else if (work !== undefined)
    process.stderr.write(`two-instances: logs and the SQLite file kept in ${work}\n`);
}, 30_000);

interface Outage {
  from: number;
  to: number;
}

/** Asks an instance for /health/ready and an API answer every `everyMs`; counts what failed outside planned outages. */
function watchHealth(service: ServiceProcess, outages: Outage[], everyMs = 250) {
  let running = true;
  let probes = 0;
  const failures: string[] = [];
  const loop = (async () => {
    while (running) {
      const at = performance.now();
      let failure: string | undefined;
      try {
        if (!(await service.ready())) failure = '/health/ready not 200';
        else {
          const { status } = await service.api('/api/campaigns', { timeoutMs: 5_000 });
          if (status !== 200) failure = `GET /api/campaigns → ${status}`;
        }
      } catch (error) {
        failure = (error as Error).message;
      }
      const end = performance.now();
      const planned = outages.some((outage) => at <= outage.to && end >= outage.from);
      probes += 1;
      if (failure !== undefined && !planned)
        failures.push(`${service.options.name} at ${Math.round(at)} ms: ${failure}`);
      await sleep(everyMs);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { probes, failures };
    },
  };
}

describe('two instances on one SQLite file', () => {
  test(
    'both dial one campaign: nobody double-booked, nothing dialled twice, both stay ready',
    async () => {
      const [first, second] = services as [ServiceProcess, ServiceProcess];
      const provider = sandbox!;
      const started = performance.now();
      process.stdout.write(`two-instances: FAULT_SEED=${SEED} (data in ${work})\n`);

      first.start();
      await first.waitReady();
      second.start();
      await second.waitReady();
      const secondOutages: Outage[] = [];
      const watchers = [watchHealth(first, []), watchHealth(second, secondOutages)];
      // missed-call agents are readied through the second instance while it is up, so both keep some agents
      const supervisor = supervise([second, first]);

      await setUpCampaign(first, { agents: AGENTS, contacts: CONTACTS });

      // midway: the second instance dies and comes back; the first carries on alone meanwhile
      const deadline = performance.now() + DEADLINE_MS;
      while ((await remainingContacts(first)) > (CONTACTS * 2) / 3 && performance.now() < deadline)
        await sleep(200);
      const outage: Outage = { from: performance.now(), to: Number.POSITIVE_INFINITY };
      secondOutages.push(outage);
      await second.kill();
      await sleep(500);
      second.start();
      await second.waitReady();
      outage.to = performance.now();

      let status = await campaignStatus(first);
      while (status !== 'completed' && performance.now() < deadline) {
        await sleep(250);
        status = await campaignStatus(first);
      }
      for (let calm = 0; calm < 3 && performance.now() < deadline;) {
        await sleep(300);
        const record = await provider.record();
        const agents = await listAgents(first);
        const lags = await Promise.all(
          services.map((service) =>
            service.api<{ checks: { projections: { lagEvents?: number } } }>('/health/ready'),
          ),
        );
        const quiet =
          record.stats.activeCalls === 0 &&
          agents.every((a) => a.status !== 'reserved' && a.status !== 'on-call') &&
          lags.every((ready) => ready.status === 200 && ready.body.checks.projections.lagEvents === 0);
        calm = quiet ? calm + 1 : 0;
      }
      await supervisor.stop();
      const health = await Promise.all(watchers.map((watcher) => watcher.stop()));
      await second.stop();
      await first.stop();
      const runMs = performance.now() - started;

      const record = await provider.record();
      const file = join(work, 'data', 'dialer.db');
      const log = await readLog(file);
      const comparison = await compareReadModels(file, log.lastPosition);
      const byInstance = services.map(
        (service) => record.calls.filter((call) => call.statusCallback?.startsWith(service.baseUrl)).length,
      );
      const done = [...log.contacts.values()].filter((state) => state.status === 'done').length;
      process.stdout.write(
        `two-instances: seed ${SEED}: ${record.stats.callsPlaced} calls placed (${byInstance.join(' by the first, ')} by the second), ` +
          `${done}/${CONTACTS} contacts done, ${log.events} events, health probes ${health.map((h) => h.probes).join('/')}, ` +
          `second instance down ${((outage.to - outage.from) / 1000).toFixed(1)} s, run ${(runMs / 1000).toFixed(1)} s\n`,
      );

      const problems = [
        ...contactProblems(log, MAX_ATTEMPTS),
        ...agentProblems(log, new Set()),
        ...callProblems(record, log),
        ...outcomeProblems(record, log),
        ...health.flatMap((h) => h.failures),
      ];
      if (problems.length > 0) {
        process.stderr.write(`two-instances problems:\n  ${problems.join('\n  ')}\n`);
        for (const service of services)
          process.stderr.write(`--- ${service.options.name} log tail:\n${tail(service.options.logFile)}\n`);
      }
      expect(problems).toEqual([]);
      expect(status).toBe('completed');
      expect(record.stats.agentConflicts).toBe(0);
      expect(byInstance.every((count) => count > 0)).toBe(true);
      expect(byInstance[0]! + byInstance[1]!).toBe(record.stats.callsPlaced);
      expect(Object.values(comparison.checkpoints)).toEqual(
        Object.values(comparison.checkpoints).map(() => log.lastPosition.toString()),
      );
      expect(comparison.live).toEqual(comparison.rebuilt);
      passed = true;
    },
    DEADLINE_MS + 60_000,
  );
});

function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
