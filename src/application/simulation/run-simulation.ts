import { DEFAULT_SETTINGS } from '../../domain/campaign/campaign-settings.js';
import { StreamStateCache } from '../commands/stream-state.cache.js';
import { Dialer } from '../dialer/dialer.js';
import type { EventStore } from '../ports/event-store.port.js';
import { AgentTimeLedger } from './agent-time.js';
import { AgentTimeClassifier } from './agent-time.classifier.js';
import { CallTally } from './call-tally.js';
import { seedCampaign } from './campaign-seed.js';
import { occupancyBound } from './occupancy-bound.js';
import { ObservedEventStore } from './observed.event-store.js';
import { PendingWork } from './pending-work.js';
import { RateMirror } from './rate-mirror.js';
import type { SimulationPlan } from './simulation-plan.js';
import { contactTotals, projectFinish, workShare, type SimulationResult } from './simulation-result.js';
import type { SteppingClock, SimulatedTelephony } from './simulation.ports.js';
import { Supervisor } from './supervisor.js';

export interface SimulationDependencies {
  /** An empty store. */
  readonly events: EventStore;
  /** Set to the plan's start. */
  readonly clock: SteppingClock;
  readonly telephony: SimulatedTelephony;
}

const HOUR_MS = 3_600_000;
const MAX_LOGGED_ERRORS = 20;

/**
 * A campaign day on the clock: the real dialer, deciders and retry policy against a simulated provider. The
 * clock jumps from one timer to the next; at each stop every reaction (dialer, callbacks, supervisor) settles
 * before time moves on, so the same seed plays the same day.
 */
export async function runSimulation(deps: SimulationDependencies, plan: SimulationPlan): Promise<SimulationResult> {
  const { clock, telephony } = deps;
  const startMs = plan.startMs;
  const endMs = startMs + Math.round(plan.hours * HOUR_MS);
  const events = new ObservedEventStore(deps.events);
  await seedCampaign(events, plan);

  const pending = new PendingWork();
  // one cache for every writer, as in the service: the supervisor's commands need not fold whole agent streams
  const cache = new StreamStateCache();
  const errors: string[] = [];
  const dialer = new Dialer({
    events,
    clock,
    cache,
    providers: new Map([[telephony.provider, telephony]]),
    webhookUrls: { statusCallback: () => 'in-process://simulation' },
    callsPerMinute: plan.callsPerMinute,
    log: (level, message, fields) => {
      if (level === 'error' && errors.length < MAX_LOGGED_ERRORS) errors.push(`${message} ${JSON.stringify(fields ?? {})}`);
    },
  });
  const ledger = new AgentTimeLedger(startMs, endMs, (plan.intervalMinutes ?? 15) * 60_000);
  const tally = new CallTally(clock, ledger);
  const rate = new RateMirror(plan.callsPerMinute, clock);
  const supervisor = new Supervisor(events, cache, clock, pending, plan.supervisorReadyDelaySec * 1000);
  events.observe((append) => {
    tally.observe(append);
    rate.observe(append);
    supervisor.observe(append);
  });
  telephony.connect((progress) => {
    const ingested = dialer.ingest(progress);
    pending.track(ingested);
    return ingested;
  });

  // Every reaction here runs on promises, none on a real timer: one turn of the event loop lets all of them finish
  // (a turn starts only once no promise job is left). More turns are taken only while work is still tracked.
  const settle = async () => {
    do await new Promise((resolve) => setImmediate(resolve));
    while (pending.size > 0 || !dialer.isIdle());
  };

  await dialer.start();
  const classifier = new AgentTimeClassifier(dialer.index, telephony, rate, plan.campaignId);
  await settle();
  ledger.sample(classifier.causes(clock.now()));
  let steps = 0;
  for (let next = clock.nextTimerAt(); next !== undefined && next <= endMs; next = clock.nextTimerAt()) {
    clock.advanceTo(next);
    await settle();
    ledger.accrue(clock.now());
    ledger.sample(classifier.causes(clock.now()));
    steps += 1;
  }
  ledger.accrue(endMs);
  await dialer.stop();
  for (const failure of pending.failures.slice(0, MAX_LOGGED_ERRORS)) errors.push(failure.message);

  const contacts = contactTotals(dialer.index, plan.campaignId);
  const { work, staffed } = workShare(ledger.totals);
  const wrapUpSec = plan.settings.wrapUpSec ?? DEFAULT_SETTINGS.wrapUpSec;
  const playedWithinDay = telephony.played.filter((call) => call.placedAtMs < endMs);
  const finishedAtMs = tally.completedAtMs;
  const projectedFinishMs = finishedAtMs === undefined ? projectFinish(contacts, startMs, endMs) : undefined;
  return {
    startMs,
    endMs,
    agents: plan.agents,
    callsPerMinute: plan.callsPerMinute,
    contacts,
    dials: tally.dials,
    outcomes: { ...tally.outcomes },
    rejected: tally.rejected,
    inProgressAtEnd: tally.dials - tally.ended - tally.rejected,
    dialsPerAgentHour: tally.dials / (plan.agents * ((endMs - startMs) / HOUR_MS)),
    connectRate: tally.ended === 0 ? 0 : tally.outcomes.connected / tally.ended,
    agentTime: { ...ledger.totals },
    staffedMs: staffed,
    occupancy: staffed === 0 ? 0 : work / staffed,
    occupancyBound: occupancyBound(playedWithinDay, { wrapUpSec, readyDelaySec: plan.supervisorReadyDelaySec }),
    ...(finishedAtMs === undefined ? {} : { finishedAtMs }),
    ...(projectedFinishMs === undefined ? {} : { projectedFinishMs }),
    intervals: ledger.intervals.map((interval) => ({ ...interval })),
    supervisorReadied: supervisor.readiedAgents,
    dialer: { ...dialer.counters },
    dialerErrors: errors,
    steps,
  };
}
