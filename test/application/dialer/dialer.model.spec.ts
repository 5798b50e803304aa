import { describe, expect, it } from '@jest/globals';
import { fc } from '@fast-check/jest';
import type { CallProgress } from '../../../src/application/ports/telephony.port.js';
import { contactOfAttempt } from '../../../src/application/dialer/attempt-id.js';
import { streamOf } from '../../../src/application/events/streams.js';
import { DialerHarness, type CampaignPlan, type WorldPlan } from './support/dialer.harness.js';
import { checkInvariants, checkNothingStuck } from './support/dialer.invariants.js';
import {
  CALL_FATES,
  type CallFate,
  type CallStep,
  type RequestFailure,
  type ScriptedCall,
} from './support/scripted.telephony.js';

/**
 * Model-based test of the progressive dialer (DESIGN.md "Dialer", PROVIDERS.md section 7): random agent presence
 * changes, contacts, campaign pauses, dispositions, provider failures, callbacks delivered in order, terminal first,
 * twice, several at once, before the request returned, or lost, virtual time moving on (retries, wrap-ups, token
 * refills, the watchdog), one or two dialer processes, and processes crashing mid-flight. Most commands run with the
 * dialer at rest; `Racing` lands a second command in the middle of the dialer's reaction to the first.
 *
 * After every command (and every timer instant) the dialers are left to come to rest and the invariants are checked
 * against the event log, every dialer's index and the provider's own record (support/dialer.invariants.ts). At the
 * end everything still to come is delivered and time runs on until nothing is left to do: nothing may be stuck.
 *
 * DIALER_MODEL_RUNS, DIALER_MODEL_COMMANDS, DIALER_MODEL_SEED, DIALER_MODEL_PATH and DIALER_MODEL_REPLAY override the
 * defaults (a longer soak; a replay of a reported counterexample with its seed, path and commands' replayPath);
 * DIALER_MODEL_STATS=1 prints what the runs went through.
 */

const RUNS = Number(process.env['DIALER_MODEL_RUNS'] ?? 150);
const MAX_COMMANDS = Number(process.env['DIALER_MODEL_COMMANDS'] ?? 60);
const MAX_CONTACTS = 20;

interface Model {
  readonly h: DialerHarness;
}
type Command = fc.AsyncCommand<Model, DialerHarness>;

/** Something the outside world does. `racing`: the dialer is not at rest, so checks that need rest are skipped. */
interface Action {
  readonly label: string;
  ready(h: DialerHarness): boolean;
  run(h: DialerHarness, racing: boolean): Promise<void>;
}

const action = (
  label: string,
  run: (h: DialerHarness, racing: boolean) => Promise<void>,
  ready: (h: DialerHarness) => boolean = () => true,
): Action => ({ label, run, ready });

// ---------------------------------------------------------------- what the runs went through

const seen = new Map<string, number>();
const count = (what: string, n = 1) => seen.set(what, (seen.get(what) ?? 0) + n);

async function tally(h: DialerHarness): Promise<void> {
  count('runs');
  if (h.plan.instances > 1) count('runs with two dialer processes');
  if (h.plan.oneStreamAtATime === true) count('runs on a store without atomic appends');
  for (const r of h.telephony.requests)
    count(`request ${r.answer}${r.answer !== 'placed' && r.callSid !== undefined ? ' (call created)' : ''}`);
  for (const d of h.delivered) count(`callback ${d.result}`);
  for (const e of await h.events()) {
    const data = e.data as { outcome?: string; closedBy?: string; reason?: string; disposition?: string };
    if (e.type === 'CallTerminated')
      count(`terminated ${data.outcome}${data.closedBy === 'watchdog' ? ' by the watchdog' : ''}`);
    if (e.type === 'DialRejected') count(`rejected ${data.reason}`);
    if (e.type === 'ContactCompleted') count(`completed ${data.disposition}`);
    if (e.type === 'AgentReservationReleased') count(`released ${data.reason}`);
    if (
      [
        'CampaignPaused',
        'CampaignStopped',
        'AgentMissedCall',
        'AgentAfterCallRequested',
        'AgentUnassigned',
        'CampaignCompleted',
      ].includes(e.type)
    )
      count(e.type);
  }
}

// ---------------------------------------------------------------- commands

async function verify(h: DialerHarness, after: string): Promise<void> {
  await h.settle();
  const violations = checkInvariants(h, await h.logView());
  if (violations.length > 0) throw new Error(`after ${after}:\n- ${violations.join('\n- ')}\n${h.story()}`);
}

/** One action with the dialer at rest before and after. */
class Step implements Command {
  constructor(private readonly a: Action) {}

  check(m: Readonly<Model>): boolean {
    return this.a.ready(m.h);
  }

  async run(_m: Model, h: DialerHarness): Promise<void> {
    count(`command ${this.a.label.replace(/\(.*$/, '')}`);
    h.note(this.a.label);
    await this.a.run(h, false);
    await verify(h, this.a.label);
  }

  toString(): string {
    return this.a.label;
  }
}

/** The in-memory store answers in microtasks: a whole reaction of the dialer runs within one event-loop turn. */
const microtasks = async (n: number) => {
  for (let i = 0; i < n; i += 1) await Promise.resolve();
};

/** The second action lands `delay` microtasks into the dialer's reaction to the first. */
class Racing implements Command {
  constructor(
    private readonly first: Action,
    private readonly second: Action,
    private readonly delay: number,
  ) {}

  check(m: Readonly<Model>): boolean {
    return this.first.ready(m.h);
  }

  async run(_m: Model, h: DialerHarness): Promise<void> {
    count('command Racing');
    h.note(this.toString());
    const from = h.store.lastPosition;
    await this.first.run(h, true);
    await microtasks(this.delay);
    if (this.second.ready(h)) await this.second.run(h, true);
    await h.settle();
    h.racingWindows.push({ from, to: h.store.lastPosition });
    await verify(h, this.toString());
  }

  toString(): string {
    return `Racing(${this.first.label}, then after ${this.delay} microtasks ${this.second.label})`;
  }
}

/** A dialer process dies `delay` microtasks into its reaction to an action; a new one starts from the log. */
class Crash implements Command {
  constructor(
    private readonly process: number,
    private readonly trigger: Action,
    private readonly delay: number,
  ) {}

  check(m: Readonly<Model>): boolean {
    return this.trigger.ready(m.h);
  }

  async run(_m: Model, h: DialerHarness): Promise<void> {
    count('command Crash');
    h.note(this.toString());
    await this.trigger.run(h, true);
    await microtasks(this.delay);
    h.note(`  ${await h.crash(this.process)}`);
    await verify(h, this.toString());
  }

  toString(): string {
    return `Crash(process ${this.process}, ${this.delay} microtasks into ${this.trigger.label})`;
  }
}

// ---------------------------------------------------------------- callbacks

function pick<T>(items: readonly T[], n: number): T | undefined {
  return items.length === 0 ? undefined : items[n % items.length];
}

function describeProgress(p: CallProgress): string {
  const which = p.event === 'answered' ? (p.customerLeg === 'in-progress' ? ' customer' : ' agent') : '';
  return `${p.event}${which} [${p.overallStatus} ${p.agentLeg}/${p.customerLeg}]${p.attemptId === undefined ? ' without attempt id' : ''}`;
}

async function hasTerminated(h: DialerHarness, attemptId: string): Promise<boolean> {
  const contactId = contactOfAttempt(attemptId);
  if (contactId === undefined) return false;
  for await (const e of h.store.readStream(streamOf.contact(contactId))) {
    if (e.type === 'CallTerminated' && (e.data as { attemptId: string }).attemptId === attemptId) return true;
  }
  return false;
}

interface DeliverOptions {
  readonly legless?: boolean;
  /** The provider sends it twice at the same moment (to two processes when there are two). */
  readonly twice?: boolean;
  readonly via?: number;
  readonly racing?: boolean;
}

/**
 * Sends one provider event of a call to a dialer. A callback about an attempt the log already shows terminated must
 * change nothing (checked when the dialer was at rest).
 */
async function deliver(
  h: DialerHarness,
  call: ScriptedCall,
  step: CallStep | 'next',
  fate: CallFate,
  options: DeliverOptions = {},
): Promise<void> {
  const progress = h.telephony.emit(call, step, { fate, legless: options.legless ?? false });
  if (progress === undefined) return;
  const atRest = options.racing !== true;
  const terminated = atRest && (await hasTerminated(h, call.attemptId));
  const before = h.store.lastPosition;
  const via = options.via ?? 0;
  const results = options.twice
    ? await Promise.all([h.deliver(progress, via), h.deliver(progress, via + 1)])
    : [await h.deliver(progress, via)];
  h.note(
    `  ${call.callSid} (${call.attemptId}, ${call.fate}) ${describeProgress(progress)} → ${results.join(' + ')}`,
  );
  if (!atRest) return;
  await h.settle();
  if (terminated && h.store.lastPosition !== before) {
    throw new Error(
      `a late or repeated callback (${describeProgress(progress)}) for the terminated attempt ${call.attemptId} wrote events\n${h.story()}`,
    );
  }
}

const fate = fc.constantFrom(...CALL_FATES);
const hasPending = (h: DialerHarness) => h.telephony.callsWithPending().length > 0;

const deliverNext = fc
  .record({
    n: fc.nat(),
    fate,
    legless: fc.constantFrom(false, false, false, false, true),
    twice: fc.boolean(),
  })
  .map(({ n, fate, legless, twice }) =>
    action(
      `DeliverNext(#${n}, ${fate}${legless ? ', legless' : ''}${twice ? ', twice at once' : ''})`,
      async (h, racing) => {
        const call = pick(h.telephony.callsWithPending(), n);
        if (call !== undefined) await deliver(h, call, 'next', fate, { legless, twice, via: n, racing });
      },
      hasPending,
    ),
  );

const deliverTerminalFirst = fc.record({ n: fc.nat(), fate }).map(({ n, fate }) =>
  action(
    `DeliverTerminalFirst(#${n}, ${fate})`,
    async (h, racing) => {
      const call = pick(h.telephony.callsWithPending(), n);
      if (call !== undefined) await deliver(h, call, 'terminal', fate, { via: n, racing });
    },
    hasPending,
  ),
);

const deliverAtOnce = fc
  .record({ n: fc.nat(), fate, size: fc.integer({ min: 2, max: 3 }) })
  .map(({ n, fate, size }) =>
    action(
      `DeliverAtOnce(#${n}, ${size} calls, ${fate})`,
      async (h) => {
        const pending = h.telephony.callsWithPending();
        const calls = [...new Set(Array.from({ length: size }, (_, i) => pick(pending, n + i)!))];
        const progress = calls.map((call) => [call, h.telephony.emit(call, 'next', { fate })] as const);
        const results = await Promise.all(
          progress.map(([, p], i) => (p === undefined ? Promise.resolve('none') : h.deliver(p, n + i))),
        );
        progress.forEach(([call, p], i) =>
          h.note(
            `  ${call.callSid} (${call.attemptId}, ${call.fate}) ${p === undefined ? '-' : describeProgress(p)} → ${results[i]}`,
          ),
        );
      },
      (h) => h.telephony.callsWithPending().length > 1,
    ),
  );

const lose = fc.record({ n: fc.nat(), fate }).map(({ n, fate }) =>
  action(
    `Lose(#${n}, ${fate})`,
    async (h) => {
      const call = pick(h.telephony.callsWithPending(), n);
      const progress = call === undefined ? undefined : h.telephony.emit(call, 'next', { fate }, true);
      if (call !== undefined && progress !== undefined)
        h.note(`  ${call.callSid} (${call.attemptId}, ${call.fate}) lost ${describeProgress(progress)}`);
    },
    hasPending,
  ),
);

/** A callback the dialer already took (applied, or found a duplicate) changes nothing the second time. */
const duplicate = fc.nat().map((n) =>
  action(
    `Duplicate(#${n})`,
    async (h, racing) => {
      const original = pick(h.delivered, n);
      if (original === undefined) return;
      const before = h.store.lastPosition;
      const result = await h.deliver(original.progress, n);
      h.note(
        `  again ${original.progress.callSid} ${describeProgress(original.progress)} (was ${original.result}) → ${result}`,
      );
      if (racing) return;
      await h.settle();
      if (
        (original.result === 'applied' || original.result === 'duplicate') &&
        h.store.lastPosition !== before
      ) {
        throw new Error(
          `a duplicate callback (${describeProgress(original.progress)}, first ${original.result}) wrote events\n${h.story()}`,
        );
      }
    },
    (h) => h.delivered.length > 0,
  ),
);

// ---------------------------------------------------------------- the provider

const failure: fc.Arbitrary<RequestFailure> = fc.oneof(
  fc.constantFrom<RequestFailure>(
    { kind: 'rate-limited' },
    { kind: 'invalid-number' },
    { kind: 'unauthorized' },
    { kind: 'device-unavailable' },
  ),
  fc.record({
    kind: fc.constantFrom<'provider-fault' | 'timeout'>('provider-fault', 'timeout'),
    callCreated: fc.boolean(),
  }),
);

const failNextRequest = failure.map((f) =>
  action(
    `FailNextRequest(${f.kind}${'callCreated' in f ? (f.callCreated ? ', call created' : ', no call') : ''})`,
    async (h) => h.telephony.failNextRequest(f),
    (h) => h.telephony.armedFailures.length < 2,
  ),
);

const failNextLookup = fc.constant(action('FailNextLookup', async (h) => h.telephony.failNextLookup()));

const callbackBeforeAnswer = fate.map((f) =>
  action(`CallbackBeforeAnswer(${f})`, async (h) => h.telephony.callbackBeforeAnswer(f)),
);

// ---------------------------------------------------------------- people, contacts and campaigns

const agentReady = fc
  .nat(4)
  .map((a) =>
    action(
      `AgentReady(${a})`,
      async (h) =>
        void (await h.agent({ type: 'MakeAgentAvailable', agentId: h.agentOf(a), at: h.nowIso() })),
    ),
  );
const agentPause = fc
  .nat(4)
  .map((a) =>
    action(
      `AgentPause(${a})`,
      async (h) =>
        void (await h.agent({ type: 'PauseAgent', agentId: h.agentOf(a), reason: 'break', at: h.nowIso() })),
    ),
  );
const agentLogout = fc
  .nat(4)
  .map((a) =>
    action(
      `AgentLogout(${a})`,
      async (h) => void (await h.agent({ type: 'LogoutAgent', agentId: h.agentOf(a), at: h.nowIso() })),
    ),
  );

/** The agent's disposition for the call they are on or wrapping up (what POST /api/agents/:id/disposition does). */
const disposition = fc
  .record({ a: fc.nat(4), code: fc.constantFrom('sale', 'do-not-call') })
  .map(({ a, code }) =>
    action(`Disposition(${a}, ${code})`, async (h) => {
      const agentId = h.agentOf(a);
      const state = h.dialer.index.agents.get(agentId)?.state;
      if (
        state === undefined ||
        !('attemptId' in state) ||
        (state.status !== 'on-call' && state.status !== 'wrap-up')
      )
        return;
      const ok = await h.contact({
        type: 'RecordDisposition',
        contactId: state.contactId,
        attemptId: state.attemptId,
        agentId,
        code,
        at: h.nowIso(),
      });
      h.note(`  ${agentId} on ${state.attemptId}: ${ok ? 'recorded' : 'refused'}`);
    }),
  );

const addContact = fc
  .record({ k: fc.nat(1), priority: fc.constantFrom(0, 0, 7), dueInSec: fc.constantFrom(0, 0, 45, 200) })
  .map(({ k, priority, dueInSec }) =>
    action(
      `AddContact(${k}, priority ${priority}, due in ${dueInSec}s)`,
      async (h) => void (await h.addContact(k, priority, dueInSec)),
      (h) => h.contactIds.length < MAX_CONTACTS,
    ),
  );

const pauseCampaign = fc.nat(1).map((k) =>
  action(
    `PauseCampaign(${k})`,
    async (h) =>
      void (await h.campaign({
        type: 'PauseCampaign',
        campaignId: h.campaignOf(k),
        reason: 'supervisor',
        at: h.nowIso(),
      })),
  ),
);
const resumeCampaign = fc
  .nat(1)
  .map((k) =>
    action(
      `ResumeCampaign(${k})`,
      async (h) =>
        void (await h.campaign({ type: 'ResumeCampaign', campaignId: h.campaignOf(k), at: h.nowIso() })),
    ),
  );

const stopCampaign = fc
  .nat(1)
  .map((k) =>
    action(
      `StopCampaign(${k})`,
      async (h) =>
        void (await h.campaign({ type: 'StopCampaign', campaignId: h.campaignOf(k), at: h.nowIso() })),
    ),
  );

/** Assigns the agent to the campaign, or takes them off it when they are on it. */
const reassign = fc.record({ a: fc.nat(4), k: fc.nat(1) }).map(({ a, k }) =>
  action(`Reassign(${a}, ${k})`, async (h) => {
    const agentId = h.agentOf(a);
    const campaignId = h.campaignOf(k);
    const state = h.dialer.index.campaigns.get(campaignId)?.state;
    const assigned = state !== undefined && state.status !== 'none' && state.agentIds.includes(agentId);
    await h.campaign(
      assigned
        ? { type: 'UnassignAgent', campaignId, agentId, at: h.nowIso() }
        : { type: 'AssignAgent', campaignId, agentId, at: h.nowIso() },
    );
    h.note(`  ${agentId} ${assigned ? 'off' : 'on'} ${campaignId}`);
  }),
);

const removeContact = fc.nat().map((n) =>
  action(`RemoveContact(#${n})`, async (h) => {
    const contactId = pick(h.contactIds, n)!;
    const ok = await h.contact({ type: 'RemoveContact', contactId, at: h.nowIso() });
    h.note(`  ${contactId}: ${ok ? 'removed' : 'refused'}`);
  }),
);

/** The number goes on the do-not-call list the dialer consults before each dial (at rest: no dial may be under way). */
const blockNumber = fc.nat().map((n) =>
  action(`BlockNumber(#${n})`, async (h) => {
    const contactId = pick(h.contactIds, n)!;
    h.blocked.set(h.phoneOf(contactId), h.store.lastPosition);
    h.note(`  ${contactId}`);
  }),
);

// ---------------------------------------------------------------- time

const at = (h: DialerHarness) => `+${Math.round((h.clock.now() - h.startedAtMs) / 1000)}s`;

/** Time moves on timer by timer, the dialer reacting at each instant (checked there too). */
const advanceClock = fc
  .oneof(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 20, max: 300 }))
  .map((sec) =>
    action(`AdvanceClock(${sec}s)`, (h, racing) =>
      racing
        ? Promise.resolve(void h.clock.advanceBy(sec * 1000))
        : h.advance(sec * 1000, () => verify(h, `AdvanceClock(${sec}s), timer at ${at(h)}`)),
    ),
  );

/** The next timer fires (for racing: its reaction is under way when the other action lands). */
const fireNextTimer = fc.constant(
  action('FireNextTimer', async (h) => {
    const next = h.clock.nextTimerAt();
    if (next !== undefined) h.clock.advanceTo(next);
  }),
);

// ---------------------------------------------------------------- the mix

/** Everything but time: what may land while the dialer is in the middle of something. */
const untimedAction: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: deliverNext, weight: 14 },
  { arbitrary: deliverTerminalFirst, weight: 3 },
  { arbitrary: deliverAtOnce, weight: 3 },
  { arbitrary: lose, weight: 3 },
  { arbitrary: duplicate, weight: 3 },
  { arbitrary: agentReady, weight: 5 },
  { arbitrary: agentPause, weight: 2 },
  { arbitrary: agentLogout, weight: 1 },
  { arbitrary: disposition, weight: 2 },
  { arbitrary: addContact, weight: 2 },
  { arbitrary: pauseCampaign, weight: 1 },
  { arbitrary: resumeCampaign, weight: 2 },
  { arbitrary: reassign, weight: 1 },
  { arbitrary: removeContact, weight: 1 },
  { arbitrary: failNextRequest, weight: 3 },
  { arbitrary: failNextLookup, weight: 1 },
  { arbitrary: callbackBeforeAnswer, weight: 1 },
);

const anyAction: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: untimedAction, weight: 96 },
  { arbitrary: advanceClock, weight: 20 },
  { arbitrary: blockNumber, weight: 1 },
  { arbitrary: stopCampaign, weight: 1 },
);

/**
 * What sets the dialer off (for racing and crashes). Time only ever moves here, before the dialer reacts: virtual
 * time jumping while a reaction is half done would be an artefact (a pump that saw the window open dialling a
 * minute later), not a race real time can produce.
 */
const trigger: fc.Arbitrary<Action> = fc.oneof(
  deliverNext,
  agentReady,
  resumeCampaign,
  addContact,
  fireNextTimer,
  deliverTerminalFirst,
);

/** How far into a reaction: a reserve → dial → place chain takes a few hundred microtasks on the in-memory store. */
const delay = fc.oneof(fc.nat(40), fc.nat(400));

const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: anyAction.map((a) => new Step(a)), weight: 20 },
  { arbitrary: fc.tuple(trigger, untimedAction, delay).map(([a, b, d]) => new Racing(a, b, d)), weight: 2 },
  { arbitrary: fc.tuple(fc.nat(1), trigger, delay).map(([p, a, d]) => new Crash(p, a, d)), weight: 1 },
);

// ---------------------------------------------------------------- the world

const campaignPlan: fc.Arbitrary<CampaignPlan> = fc.record({
  maxAttempts: fc.integer({ min: 1, max: 3 }),
  retryAfterSec: fc.constantFrom(0, 20, 60, 120),
  backoffFactor: fc.constantFrom(1, 2),
  wrapUpSec: fc.constantFrom(0, 5, 15),
  ringTimeoutSec: fc.constantFrom(5, 15, 30),
  maxCallDurationSec: fc.constantFrom(30, 60, 120),
});

const worldPlan: fc.Arbitrary<WorldPlan> = fc.record({
  campaigns: fc.array(campaignPlan, { minLength: 1, maxLength: 2 }),
  agents: fc.array(
    fc.record({
      campaigns: fc.array(fc.nat(1), { minLength: 1, maxLength: 2 }),
      ready: fc.constantFrom(true, true, false),
    }),
    { minLength: 3, maxLength: 5 },
  ),
  contacts: fc.array(fc.record({ campaign: fc.nat(1), priority: fc.constantFrom(0, 0, 5) }), {
    minLength: 5,
    maxLength: 15,
  }),
  callsPerMinute: fc.constantFrom(6, 12, 60),
  answeredCarriesAttemptId: fc.boolean(),
  minutesBeforeWindowCloses: fc.integer({ min: 1, max: 40 }),
  instances: fc.constantFrom(1, 1, 1, 2),
  oneStreamAtATime: fc.boolean(),
});

/**
 * The end of a run: no more provider failures, every agent ready again and every campaign resumed; every callback
 * still to come is delivered (undecided calls connect), and time runs from timer to timer until no timer is left.
 * Then nothing may be stuck, and every campaign with contacts and agents must have finished.
 */
async function drain(h: DialerHarness): Promise<void> {
  h.note('drain');
  h.telephony.disarm();
  for (let round = 0; ; round += 1) {
    if (round > 400)
      throw new Error(
        `the dialer did not come to an end while draining (timers keep coming):\n- ${checkNothingStuck(h).join('\n- ')}\n${h.story()}`,
      );
    for (const agentId of h.agentIds) {
      const status = h.dialer.index.agents.get(agentId)?.state.status;
      if (status === 'paused' || status === 'offline')
        await h.agent({ type: 'MakeAgentAvailable', agentId, at: h.nowIso() });
    }
    for (const campaignId of h.campaignIds) {
      if (h.dialer.index.campaigns.get(campaignId)?.state.status === 'paused')
        await h.campaign({ type: 'ResumeCampaign', campaignId, at: h.nowIso() });
    }
    await h.settle();
    for (
      let pending = h.telephony.callsWithPending();
      pending.length > 0;
      pending = h.telephony.callsWithPending()
    ) {
      for (const call of pending) await deliver(h, call, 'next', 'connected', { via: round });
    }
    await verify(h, `drain round ${round}`);
    const next = h.clock.nextTimerAt();
    if (next === undefined) break;
    h.clock.advanceTo(next);
    await verify(h, `drain round ${round}, timer at ${at(h)}`);
  }
  const stuck = checkNothingStuck(h);
  for (const campaignId of h.campaignIds) {
    const entry = h.dialer.index.campaigns.get(campaignId);
    const state = entry?.state;
    // a campaign that never had a contact stays open for contacts to come; one without agents cannot dial
    const canFinish =
      entry !== undefined &&
      entry.total > 0 &&
      state !== undefined &&
      state.status !== 'none' &&
      state.status !== 'stopped' &&
      state.agentIds.length > 0;
    if (canFinish && state.status !== 'completed')
      stuck.push(`campaign ${campaignId} is ${state.status}, not completed`);
  }
  if (stuck.length > 0) throw new Error(`after draining:\n- ${stuck.join('\n- ')}\n${h.story()}`);
}

describe('the dialer, model-based (fc.commands)', () => {
  it(`keeps its invariants over random presence changes, callbacks, failures, crashes and time (${RUNS} runs, up to ${MAX_COMMANDS} commands)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        worldPlan,
        fc.commands([command], {
          maxCommands: MAX_COMMANDS,
          size: 'max',
          ...(process.env['DIALER_MODEL_REPLAY'] ? { replayPath: process.env['DIALER_MODEL_REPLAY'] } : {}),
        }),
        async (plan, commands) => {
          const h = await DialerHarness.create(plan);
          try {
            await verify(h, 'setup');
            await fc.asyncModelRun(() => ({ model: { h }, real: h }), commands);
            await drain(h);
            await tally(h);
          } finally {
            await h.stop();
          }
        },
      ),
      {
        numRuns: RUNS,
        includeErrorInReport: true,
        // shrinking a long failing run can take minutes: stop in time to report the best counterexample so far
        interruptAfterTimeLimit: 240_000,
        // a fixed default seed keeps CI reproducible; soak with other seeds through DIALER_MODEL_SEED
        seed: process.env['DIALER_MODEL_SEED'] ? Number(process.env['DIALER_MODEL_SEED']) : 20261121,
        ...(process.env['DIALER_MODEL_PATH'] ? { path: process.env['DIALER_MODEL_PATH'] } : {}),
      },
    );
    if (process.env['DIALER_MODEL_STATS'] !== undefined)
      console.log(
        [...seen]
          .sort()
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n'),
      );
    expect(seen.get('runs')).toBeGreaterThan(0);
    if ((seen.get('runs') ?? 0) >= 100) {
      // the generators still reach what the invariants are about (each of these happens dozens of times in 150 runs)
      const reached = (prefix: string) =>
        [...seen].filter(([k]) => k.startsWith(prefix)).reduce((n, [, v]) => n + v, 0);
      for (const what of [
        'command Crash',
        'command Racing',
        'callback duplicate',
        'rejected not-placed',
        'request timeout (call created)',
        'CampaignCompleted',
      ]) {
        expect([what, reached(what)]).not.toEqual([what, 0]);
      }
      expect([
        'closed by the watchdog',
        [...seen].filter(([k]) => k.endsWith('by the watchdog')).length,
      ]).not.toEqual(['closed by the watchdog', 0]);
    }
  }, 300_000);
});
