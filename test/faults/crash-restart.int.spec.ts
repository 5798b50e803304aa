/**
 * Crash and restart (issue 7): the real service, a child process on a fixed port and one SQLite file, dials a
 * campaign through Exotel v1 against the sandbox provider (its own process, so calls go on while the service is
 * dead). The service is killed with SIGKILL at seeded random moments — while it dials, takes callbacks, or is still
 * starting up — and restarted each time. Once it has stayed up and the campaign completed, the log, the API, the
 * read models and the provider's record of every call must agree: nothing dialled twice, nobody on two calls,
 * every call that was in flight at a kill closed with the provider's outcome (or by the watchdog), and read models
 * equal to a rebuild from the log.
 *
 * FAULT_SEED (default below) seeds the kill moments and the provider's draws; CRASH_KILLS (default 20) sets how
 * many kills. The run prints both, and the counts it measured.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  CAMPAIGN_ID,
  MAX_ATTEMPTS,
  addContacts,
  agentPhone,
  campaignStatus,
  contactId,
  listAgents,
  remainingContacts,
  setUpCampaign,
  supervise,
} from './support/campaign-api.js';
import {
  agentProblems,
  callProblems,
  callsInFlight,
  compareReadModels,
  contactProblems,
  outcomeProblems,
  readLog,
  reconciliation,
} from './support/log-audit.js';
import { freePort } from './support/ports.js';
import { childCode } from './support/snapshot-build.js';
import { SandboxChild } from './support/sandbox-child.js';
import type { CallRecord } from './support/sandbox-record.js';
import { between, envInt, seededRandom, sleep } from './support/seeded-random.js';
import { EXOTEL, ServiceProcess, WATCHDOG_AFTER_MS } from './support/service-process.js';

const SEED = envInt('FAULT_SEED', 20260307);
const KILLS = envInt('CRASH_KILLS', 20);
const AGENTS = 5;
const FIRST_CONTACTS = 30;
/** Topped up before a life whenever fewer remain, so every kill finds calls under way. */
const TOP_UP_BELOW = 2 * AGENTS + 2;
const TOP_UP = 15;
/** Some kills land while the service is still starting (reading the log, reconciling). */
const EARLY_KILL_SHARE = 0.2;
/** After the last kill: how long the campaign has to complete (lost callbacks wait for the watchdog). */
const FINAL_DEADLINE_MS = 150_000;
const TEST_TIMEOUT_MS = 240_000 + KILLS * 6_000;

let work: string;
let sandbox: SandboxChild | undefined;
let service: ServiceProcess | undefined;
let passed = false;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'faults-crash-'));
  const snapshot = await childCode(work);
  sandbox = await SandboxChild.start(
    { ...EXOTEL, exoPhones: [EXOTEL.callerId], seed: SEED, lost: 0.01 },
    join(work, 'sandbox.log'),
    snapshot,
  );
  service = new ServiceProcess({
    name: 'service',
    dataDir: join(work, 'data'),
    port: await freePort(),
    sandboxUrl: sandbox.baseUrl,
    logFile: join(work, 'service.log'),
    watchdogAfterMs: WATCHDOG_AFTER_MS,
    snapshot,
  });
}, 60_000);

afterAll(async () => {
  await service?.kill();
  await sandbox?.stop();
  if (passed && process.env['FAULT_KEEP'] === undefined) rmSync(work, { recursive: true, force: true });
  else if (work !== undefined)
    process.stderr.write(`crash-restart: logs and the SQLite file kept in ${work}\n`);
}, 30_000);

describe('crash and restart', () => {
  test(
    'SIGKILL at random moments loses nothing, dials nothing twice and books nobody twice',
    async () => {
      const svc = service!;
      const provider = sandbox!;
      const random = seededRandom(SEED);
      const started = performance.now();
      process.stdout.write(`crash-restart: FAULT_SEED=${SEED} CRASH_KILLS=${KILLS} (data in ${work})\n`);

      svc.start();
      await svc.waitReady();
      await setUpCampaign(svc, { agents: AGENTS, contacts: FIRST_CONTACTS });
      let contacts = FIRST_CONTACTS;

      // ------------------------------------------------------------ kill phase
      const inFlight = new Map<string, CallRecord>();
      const readyTimes: number[] = [];
      let kills = 0;
      let earlyKills = 0;
      let readied = 0;
      let completedEarly = false;
      while (kills < KILLS) {
        const restarted = !svc.isRunning();
        if (restarted) svc.start();
        if (random() < EARLY_KILL_SHARE) {
          // somewhere in start-up: before it listens, while the dialer reads the log, or just after
          await sleep(between(random, 100, 1_800));
          earlyKills += 1;
        } else {
          const lifeMs = between(random, 300, 2_000);
          const readyAfter = await svc.waitReady();
          if (restarted) readyTimes.push(readyAfter);
          const remaining = await remainingContacts(svc);
          if (remaining < TOP_UP_BELOW) {
            await addContacts(svc, contacts + 1, TOP_UP);
            contacts += TOP_UP;
          }
          const supervisor = supervise(svc);
          await sleep(lifeMs);
          readied += await supervisor.stop();
          if ((await campaignStatus(svc)) === 'completed') completedEarly = true;
        }
        await svc.kill();
        kills += 1;
        for (const call of callsInFlight(await provider.record())) inFlight.set(call.attemptId!, call);
        if (completedEarly) break;
      }
      const killPhaseMs = performance.now() - started;

      // ------------------------------------------------------------ the last life: runs to the end
      svc.start();
      readyTimes.push(await svc.waitReady());
      const supervisor = supervise(svc);
      const deadline = performance.now() + FINAL_DEADLINE_MS;
      let status = await campaignStatus(svc);
      while (status !== 'completed' && performance.now() < deadline) {
        await sleep(250);
        status = await campaignStatus(svc);
      }
      // settled: nothing on the line, agents free, read models caught up with the log
      let agents = await listAgents(svc);
      for (let calm = 0; calm < 3 && performance.now() < deadline;) {
        await sleep(300);
        const record = await provider.record();
        agents = await listAgents(svc);
        const ready = await svc.api<{ checks: { projections: { lagEvents?: number } } }>('/health/ready');
        const quiet =
          record.stats.activeCalls === 0 &&
          agents.every((agent) => agent.status !== 'reserved' && agent.status !== 'on-call') &&
          ready.status === 200 &&
          ready.body.checks.projections.lagEvents === 0;
        calm = quiet ? calm + 1 : 0;
      }
      readied += await supervisor.stop();
      const finalPhaseMs = performance.now() - started - killPhaseMs;

      // what the API says about every contact, beside the log (read after the service stopped)
      const viaApi = new Map<
        string,
        {
          status: string;
          countedAttempts: number;
          attempts: { attemptId: string; outcome?: string; rejected?: string }[];
        }
      >();
      for (let n = 1; n <= contacts; n += 1)
        viaApi.set(contactId(n), await svc.call(`/api/contacts/${contactId(n)}`));
      const historySample = [...inFlight.values()].slice(0, 10);
      const histories = await Promise.all(
        historySample.map((call) =>
          svc.call<{ events: { type: string; data: { attemptId?: string } }[] }>(
            `/api/contacts/${call.attemptId!.split('~')[0]}/history`,
          ),
        ),
      );
      await svc.stop();

      const record = await provider.record();
      writeFileSync(
        join(work, 'sandbox-record.json'),
        JSON.stringify({ record, inFlight: [...inFlight.keys()] }),
      );
      const file = join(work, 'data', 'dialer.db');
      const log = await readLog(file);
      const reconciled = reconciliation(inFlight, record, log);
      const comparison = await compareReadModels(file, log.lastPosition);
      const done = [...log.contacts.values()].filter((state) => state.status === 'done').length;
      const watchdogClosed = [...log.attempts.values()].filter(
        (a) => a.terminations[0]?.closedBy === 'watchdog',
      ).length;
      const notPlaced = [...log.attempts.values()].filter((a) => a.rejected?.reason === 'not-placed').length;
      // a terminal callback the service answered 2xx on its first POST, well before the watchdog had to close the call
      const lostByService = [...log.attempts.values()].filter((attempt) => {
        const end = attempt.terminations[0];
        const call = record.calls.find((c) => c.attemptId === attempt.attemptId);
        return (
          end?.closedBy === 'watchdog' &&
          call?.callbacks.some(
            (cb) =>
              cb.event === 'terminal' &&
              cb.delivered > 0 &&
              cb.attempts === cb.delivered &&
              cb.firedAt + cb.lateByMs + 1_000 < end.atMs,
          )
        );
      });

      const summary =
        `crash-restart: seed ${SEED}: ${kills} kills survived (${earlyKills} during start-up), ` +
        `${reconciled.byCallback + reconciled.byWatchdog} calls in flight at a kill reconciled ` +
        `(${reconciled.byCallback} by the provider's callbacks or call details, ${reconciled.byWatchdog} by the watchdog), ` +
        `${record.stats.callsPlaced} calls placed, ${done}/${contacts} contacts done, ${log.events} events, ` +
        `${watchdogClosed} attempts closed by the watchdog, ${notPlaced} dials cut before the request closed as not placed, ` +
        `${log.orphanReservationsReleased} reservations without a dial released, ${readied} missed-call agents readied, ` +
        `callbacks ${JSON.stringify(record.stats.callbacks)}, ` +
        `restart to ready ${Math.round(Math.min(...readyTimes))}-${Math.round(Math.max(...readyTimes))} ms; ` +
        `set-up and kill phase ${(killPhaseMs / 1000).toFixed(1)} s, final phase ${(finalPhaseMs / 1000).toFixed(1)} s`;
      process.stdout.write(`${summary}\n`);

      const problems = [
        ...contactProblems(log, MAX_ATTEMPTS),
        ...agentProblems(
          log,
          new Set(record.calls.filter((c) => c.state === 'active').map((c) => c.agentNumber)),
        ),
        ...callProblems(record, log),
        ...outcomeProblems(record, log),
        ...reconciled.problems,
        ...lostByService.map(
          (a) =>
            `attempt ${a.attemptId}: its terminal callback was delivered, yet only the watchdog closed it`,
        ),
      ];
      for (const [id, view] of viaApi) {
        const state = log.contacts.get(id);
        if (state === undefined || state.status === 'none') {
          problems.push(`${id}: in the API, not in the log`);
          continue;
        }
        const logged = log.attemptsByContact.get(id) ?? [];
        if (
          view.status !== state.status ||
          view.countedAttempts !== state.countedAttempts ||
          view.attempts.length !== logged.length
        ) {
          problems.push(
            `${id}: the API says ${view.status}, ${view.countedAttempts} counted, ${view.attempts.length} attempts; the log ${state.status}, ${state.countedAttempts}, ${logged.length}`,
          );
        }
      }
      historySample.forEach((call, i) => {
        const closing = histories[i]!.events.filter(
          (e) =>
            (e.type === 'CallTerminated' || e.type === 'DialRejected') && e.data.attemptId === call.attemptId,
        );
        if (closing.length !== 1)
          problems.push(`history of ${call.attemptId}: ${closing.length} closing events`);
      });
      for (const agent of agents) {
        if (agent.status === 'reserved' || agent.status === 'on-call')
          problems.push(`${agent.id} still ${agent.status} at the end`);
      }

      if (problems.length > 0)
        process.stderr.write(
          `crash-restart problems:\n  ${problems.join('\n  ')}\n--- service log tail:\n${tail(join(work, 'service.log'))}\n`,
        );
      expect(problems).toEqual([]);
      expect(status).toBe('completed');
      expect({ kills, completedEarly }).toEqual({ kills: KILLS, completedEarly: false });
      expect(record.stats.agentConflicts).toBe(0);
      expect(inFlight.size).toBeGreaterThan(0); // the kills did cut calls under way
      expect(new Set(record.calls.map((c) => c.agentNumber))).toEqual(
        new Set(Array.from({ length: AGENTS }, (_, i) => agentPhone(i + 1))),
      );
      expect(Object.values(comparison.checkpoints)).toEqual(
        Object.values(comparison.checkpoints).map(() => log.lastPosition.toString()),
      );
      expect(comparison.live).toEqual(comparison.rebuilt);
      expect(log.campaigns.get(CAMPAIGN_ID)?.status).toBe('completed');
      passed = true;
    },
    TEST_TIMEOUT_MS,
  );
});

function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
