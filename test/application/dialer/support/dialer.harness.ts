import { VirtualClock } from '../../../../src/adapters/clock/virtual.clock.js';
import { MemoryEventStore } from '../../../../src/adapters/event-store/memory.event-store.js';
import { handleCommand } from '../../../../src/application/commands/handle-command.js';
import { contactOfAttempt } from '../../../../src/application/dialer/attempt-id.js';
import { Dialer, type IngestResult } from '../../../../src/application/dialer/dialer.js';
import { streamOf } from '../../../../src/application/events/streams.js';
import type { Clock } from '../../../../src/application/ports/clock.port.js';
import type { StoredEvent } from '../../../../src/application/ports/event-store.port.js';
import { oneStreamAtATime } from '../../../support/one-stream-at-a-time.js';
import type { CallProgress, TelephonyProviders } from '../../../../src/application/ports/telephony.port.js';
import { agentDecider } from '../../../../src/domain/agent/agent.decider.js';
import type { AgentCommand } from '../../../../src/domain/agent/agent.commands.js';
import { campaignDecider } from '../../../../src/domain/campaign/campaign.decider.js';
import type { CampaignCommand } from '../../../../src/domain/campaign/campaign.commands.js';
import type { CampaignSettingsInput } from '../../../../src/domain/campaign/campaign-settings.js';
import { contactDecider } from '../../../../src/domain/contact/contact.decider.js';
import type { ContactCommand } from '../../../../src/domain/contact/contact.commands.js';
import type { CallingWindow } from '../../../../src/domain/dialing/calling-window.policy.js';
import { DomainError } from '../../../../src/domain/shared/domain-error.js';
import { LogView } from './dialer.invariants.js';
import { TIMING } from './dialer.timing.js';
import { ObservedEventStore, ProcessEventStore } from './observed.event-store.js';
import { ProcessTelephony, ScriptedTelephony } from './scripted.telephony.js';

export interface CampaignPlan {
  readonly maxAttempts: number;
  readonly retryAfterSec: number;
  readonly backoffFactor: number;
  readonly wrapUpSec: number;
  readonly ringTimeoutSec: number;
  readonly maxCallDurationSec: number;
}

export interface AgentPlan {
  /** Indexes into `campaigns` (taken modulo their number; at least one). */
  readonly campaigns: readonly number[];
  readonly ready: boolean;
}

export interface ContactPlan {
  readonly campaign: number;
  readonly priority: number;
}

export interface WorldPlan {
  readonly campaigns: readonly CampaignPlan[];
  readonly agents: readonly AgentPlan[];
  readonly contacts: readonly ContactPlan[];
  readonly callsPerMinute: number;
  /** v1 sends our CustomField on terminal callbacks only; CCM on every one. */
  readonly answeredCarriesAttemptId: boolean;
  /** The run starts this many minutes before the calling window's daily one-minute gap (23:59–00:00 Kolkata). */
  readonly minutesBeforeWindowCloses: number;
  /** Dialer processes sharing the store and the provider account (DESIGN.md: two instances never book one agent twice). */
  readonly instances: number;
  /** A store without `appendAtomically` (as EventStoreDB): the dialer reserves, then dials, in two writes. */
  readonly oneStreamAtATime?: boolean;
  /** The dialer's budget for call-details and call-search requests (none: unlimited). */
  readonly lookupsPerMinute?: number;
}

/** One dialer process. */
export interface DialerProcess {
  readonly name: string;
  readonly dialer: Dialer;
  readonly store: ProcessEventStore;
  readonly telephony: ProcessTelephony;
  /** What it logged at level error (a step that threw). */
  readonly errors: string[];
}

/** Open all week except 23:59–00:00 local time, so a long enough run sees the window close and open again. */
export const WINDOW: CallingWindow = {
  timeZone: 'Asia/Kolkata',
  days: [1, 2, 3, 4, 5, 6, 7],
  from: '00:00',
  to: '23:59',
};
/** Monday 2026-03-02, 23:59 in Kolkata. */
const WINDOW_CLOSES = Date.parse('2026-03-02T18:29:00.000Z');

export const agentPhone = (n: number) => `+9199${String(10_000_000 + n)}`;
export const contactPhone = (n: number) => `+9198${String(10_000_000 + n)}`;

export interface Placement {
  /** The last event position stored when the provider got the request. */
  readonly position: bigint;
  readonly atMs: number;
}

/**
 * Everything one model run drives: one or two dialer processes over a shared in-memory store, a virtual clock and a
 * scripted provider, set up through the deciders as the API would.
 */
export class DialerHarness {
  readonly clock: VirtualClock;
  readonly store: ObservedEventStore;
  readonly telephony: ScriptedTelephony;
  readonly campaignIds: string[];
  readonly agentIds: string[];
  readonly agentByPhone = new Map<string, string>();
  readonly contactIds: string[] = [];
  readonly placements = new Map<string, Placement>();
  /**
   * Log positions written while a command raced the dialer (it was not at rest): a pause the test wrote there may
   * land after a pump had already decided to dial, which no design can prevent.
   */
  readonly racingWindows: { readonly from: bigint; readonly to: bigint }[] = [];
  /** Callbacks handed to the dialer, in order, with what the dialer answered (for duplicates). */
  readonly delivered: { readonly progress: CallProgress; readonly result: IngestResult }[] = [];
  /** Numbers on the do-not-call list, with the log position when they were put there. */
  readonly blocked = new Map<string, bigint>();
  /** When a process started in place of a crashed one (with a fresh token bucket). */
  readonly restartsAtMs: number[] = [];
  /** Requests a process sent although it knew better (checked as they are sent). */
  readonly requestViolations: string[] = [];
  /** What the test did, for a readable counterexample. */
  readonly trace: string[] = [];
  readonly startedAtMs: number;
  private readonly live: DialerProcess[] = [];
  private readonly view = new LogView();
  private processNo = 0;
  private commandNo = 0;
  private contactNo = 0;

  private constructor(readonly plan: WorldPlan) {
    this.startedAtMs = WINDOW_CLOSES - plan.minutesBeforeWindowCloses * 60_000;
    this.clock = new VirtualClock(this.startedAtMs);
    this.store = new ObservedEventStore(plan.oneStreamAtATime === true ? oneStreamAtATime(new MemoryEventStore()) : new MemoryEventStore());
    this.telephony = new ScriptedTelephony(() => this.clock.now(), {
      answeredCarriesAttemptId: plan.answeredCarriesAttemptId,
      onPlace: (request) =>
        this.placements.set(request.attemptId, { position: this.store.lastPosition, atMs: this.clock.now() }),
      deliverEarly: (progress) => this.deliver(progress, this.delivered.length),
    });
    this.campaignIds = plan.campaigns.map((_, i) => `k${i + 1}`);
    this.agentIds = plan.agents.map((_, i) => `a${i + 1}`);
    this.agentIds.forEach((id, i) => this.agentByPhone.set(agentPhone(i + 1), id));
  }

  private newProcess(): DialerProcess {
    this.processNo += 1;
    const name = `dialer-${this.processNo}`;
    const store = new ProcessEventStore(this.store);
    // what the process itself knew when it sent a request: it must not ring for a campaign it knows is not running
    const telephony = new ProcessTelephony(this.telephony, (call) => {
      const contactId = contactOfAttempt(call.attemptId) ?? '';
      const contact = dialer.index.contacts.get(contactId)?.state;
      const campaignId = contact === undefined || contact.status === 'none' ? undefined : contact.campaignId;
      const campaign = campaignId === undefined ? undefined : dialer.index.campaigns.get(campaignId)?.state;
      if (campaign?.status !== 'running')
        this.requestViolations.push(
          `${name} sent the request for ${call.attemptId} although its index shows campaign ${campaignId} ${campaign?.status}`,
        );
    });
    const errors: string[] = [];
    // a dead process has no timers: whatever it armed (even after it died, from work in flight) never runs
    const clock: Clock = {
      now: () => this.clock.now(),
      setTimer: (atMs, fn) =>
        store.dead ? () => undefined : this.clock.setTimer(atMs, () => (store.dead ? undefined : fn())),
    };
    const providers: TelephonyProviders = new Map([['sandbox', telephony]]);
    const dialer = new Dialer({
      events: store,
      clock,
      providers,
      webhookUrls: { statusCallback: (provider) => `http://127.0.0.1/webhooks/${provider}/status?token=t` },
      callsPerMinute: this.plan.callsPerMinute,
      ...(this.plan.lookupsPerMinute === undefined ? {} : { lookupsPerMinute: this.plan.lookupsPerMinute }),
      timing: TIMING,
      doNotCall: { isBlocked: async (phone) => this.blocked.has(phone) },
      log: (level, message, fields) => {
        if (level === 'error' && !store.dead)
          errors.push(`${name}: ${message} ${JSON.stringify(fields ?? {})}`);
      },
    });
    return { name, dialer, store, telephony, errors };
  }

  /** The live dialer processes. */
  get processes(): readonly DialerProcess[] {
    return this.live;
  }

  /** The first live dialer (all of them must agree with the log). */
  get dialer(): Dialer {
    return this.live[0]!.dialer;
  }

  /** What live processes logged at level error. */
  get errors(): string[] {
    return this.live.flatMap((p) => p.errors);
  }

  /**
   * Process `n` dies at once: nothing it writes or sends from now on arrives, its timers are gone. A fresh process
   * starts in its place from the log.
   */
  async crash(n: number): Promise<string> {
    const index = n % this.live.length;
    const dead = this.live[index]!;
    dead.store.dead = true;
    dead.telephony.dead = true;
    await dead.dialer.stop();
    const fresh = this.newProcess();
    this.live[index] = fresh;
    this.restartsAtMs.push(this.clock.now());
    await fresh.dialer.start();
    return `${dead.name} crashed, ${fresh.name} started`;
  }

  /** Starts the dialer on an empty store, then sets the world up through commands (the dialer follows live). */
  static async create(plan: WorldPlan): Promise<DialerHarness> {
    const h = new DialerHarness(plan);
    for (let i = 0; i < Math.max(1, plan.instances); i += 1) h.live.push(h.newProcess());
    for (const p of h.live) await p.dialer.start();
    const at = h.nowIso();
    for (const [i, campaign] of plan.campaigns.entries()) {
      const rule = {
        retryAfterSec: campaign.retryAfterSec,
        backoffFactor: campaign.backoffFactor,
        maxAttempts: campaign.maxAttempts,
      };
      const settings: CampaignSettingsInput = {
        name: `Campaign ${i + 1}`,
        callerId: '+918047112233',
        provider: 'sandbox',
        window: WINDOW,
        retry: { busy: rule, 'no-answer': rule, failed: rule },
        ringTimeoutSec: campaign.ringTimeoutSec,
        maxCallDurationSec: campaign.maxCallDurationSec,
        wrapUpSec: campaign.wrapUpSec,
        recording: { enabled: false, channels: 'single' },
      };
      await h.campaign({ type: 'CreateCampaign', campaignId: h.campaignIds[i]!, settings, at });
    }
    for (const [i, agent] of plan.agents.entries()) {
      const agentId = h.agentIds[i]!;
      await h.agent({ type: 'RegisterAgent', agentId, name: `Agent ${i + 1}`, phone: agentPhone(i + 1), at });
      for (const k of new Set(agent.campaigns.map((c) => c % plan.campaigns.length)))
        await h.campaign({ type: 'AssignAgent', campaignId: h.campaignIds[k]!, agentId, at });
      if (agent.ready) await h.agent({ type: 'MakeAgentAvailable', agentId, at });
    }
    for (const contact of plan.contacts) await h.addContact(contact.campaign, contact.priority, 0);
    for (const campaignId of h.campaignIds) await h.campaign({ type: 'StartCampaign', campaignId, at });
    await h.settle();
    return h;
  }

  note(line: string): void {
    this.trace.push(`[+${Math.round((this.clock.now() - this.startedAtMs) / 1000)}s] ${line}`);
  }

  /** The trace and the provider's requests, for a failure message. */
  story(): string {
    const requests = this.telephony.requests.map(
      (r) =>
        `  #${r.seq} +${Math.round((r.atMs - this.startedAtMs) / 1000)}s ${r.request.attemptId} agent ${this.agentByPhone.get(r.request.agentPhone)} → ${r.answer}${r.callSid ? ` ${r.callSid}` : ''}`,
    );
    return [
      `plan: ${JSON.stringify(this.plan)}`,
      'steps:',
      ...this.trace.map((t) => `  ${t}`),
      'provider requests:',
      ...requests,
    ].join('\n');
  }

  nowIso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  campaignOf(index: number): string {
    return this.campaignIds[index % this.campaignIds.length]!;
  }

  agentOf(index: number): string {
    return this.agentIds[index % this.agentIds.length]!;
  }

  phoneOf(contactId: string): string {
    return contactPhone(Number(contactId.slice(1)));
  }

  campaignPlanOf(campaignId: string): CampaignPlan {
    return this.plan.campaigns[this.campaignIds.indexOf(campaignId)]!;
  }

  async addContact(campaign: number, priority: number, dueInSec: number): Promise<string> {
    this.contactNo += 1;
    const contactId = `c${this.contactNo}`;
    const at = this.nowIso();
    const dueAt = new Date(this.clock.now() + dueInSec * 1000).toISOString();
    await this.contact({
      type: 'AddContact',
      contactId,
      campaignId: this.campaignOf(campaign),
      phone: contactPhone(this.contactNo),
      priority,
      at,
      ...(dueInSec > 0 ? { dueAt } : {}),
    });
    this.contactIds.push(contactId);
    return contactId;
  }

  /** What an operator or the API does; false when the domain refused it. */
  agent(command: AgentCommand): Promise<boolean> {
    return this.execute(() =>
      handleCommand(this.store, agentDecider, streamOf.agent(command.agentId), command, this.context()),
    );
  }

  contact(command: ContactCommand): Promise<boolean> {
    return this.execute(() =>
      handleCommand(this.store, contactDecider, streamOf.contact(command.contactId), command, this.context()),
    );
  }

  campaign(command: CampaignCommand): Promise<boolean> {
    return this.execute(() =>
      handleCommand(
        this.store,
        campaignDecider,
        streamOf.campaign(command.campaignId),
        command,
        this.context(),
      ),
    );
  }

  /** A provider callback arriving at the webhook of process `via` (any of them may get it). */
  async deliver(progress: CallProgress, via = 0): Promise<IngestResult> {
    const result = await this.live[via % this.live.length]!.dialer.ingest(progress);
    this.delivered.push({ progress, result });
    return result;
  }

  /**
   * Waits until the dialer has nothing under way and has seen every stored event. A dialer that never comes to
   * rest (a reaction loop) fails the run.
   */
  async settle(): Promise<void> {
    for (let calm = 0, rounds = 0; calm < 2; rounds += 1) {
      if (rounds > 5_000) throw new Error('the dialer never came to rest (a reaction loop?)');
      for (const p of this.live) await p.dialer.idle();
      await new Promise((resolve) => setImmediate(resolve));
      calm = this.live.every((p) => p.dialer.isIdle()) && this.store.caughtUp ? calm + 1 : 0;
    }
  }

  /**
   * Moves virtual time on by `ms`, one due timer at a time, letting the dialer react at each (as it would in real
   * time). `onStep` runs after every timer instant (invariant checks).
   */
  async advance(ms: number, onStep?: () => Promise<void>): Promise<void> {
    const target = this.clock.now() + ms;
    for (let steps = 0; ; steps += 1) {
      if (steps > 2_000)
        throw new Error(`timers keep firing before ${new Date(target).toISOString()} (a timer loop?)`);
      const next = this.clock.nextTimerAt();
      if (next === undefined || next > target) break;
      this.clock.advanceTo(next);
      await this.settle();
      await onStep?.();
    }
    this.clock.advanceTo(target);
    await this.settle();
  }

  async events(): Promise<StoredEvent[]> {
    return this.store.readAllEvents();
  }

  /** The log as the invariant checks read it, brought up to date. */
  async logView(): Promise<LogView> {
    const fresh: StoredEvent[] = [];
    for await (const event of this.store.readAll({ fromPosition: this.view.position })) fresh.push(event);
    return this.view.add(fresh);
  }

  async stop(): Promise<void> {
    for (const p of this.live) await p.dialer.stop();
    await this.store.close();
  }

  private context() {
    this.commandNo += 1;
    return { commandId: `test-${this.commandNo}`, actor: 'test' };
  }

  private async execute(run: () => Promise<unknown>): Promise<boolean> {
    try {
      await run();
      return true;
    } catch (error) {
      if (error instanceof DomainError) return false;
      throw error;
    }
  }
}
