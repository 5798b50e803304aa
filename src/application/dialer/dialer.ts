import { agentDecider } from '../../domain/agent/agent.decider.js';
import type { AgentCommand } from '../../domain/agent/agent.commands.js';
import type { AgentState } from '../../domain/agent/agent.state.js';
import { campaignDecider } from '../../domain/campaign/campaign.decider.js';
import type { CampaignCommand } from '../../domain/campaign/campaign.commands.js';
import type { CampaignSettings } from '../../domain/campaign/campaign-settings.js';
import { contactDecider } from '../../domain/contact/contact.decider.js';
import type { ContactCommand } from '../../domain/contact/contact.commands.js';
import { mapOutcome } from '../../domain/dialing/outcome.mapping.js';
import { pairAgentsWithContacts, type FreeAgent } from '../../domain/dialing/pairing.policy.js';
import { forCallsPerMinute, nextTokenAt, refill, slowDown, take, type TokenBucket } from '../../domain/dialing/rate-limiter.policy.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import type { Decider } from '../../domain/shared/decider.js';
import { handleCommand, warmStream, type CommandResult } from '../commands/handle-command.js';
import { handleCommandsInSequence } from '../commands/handle-commands-in-sequence.js';
import { handleCommandsTogether, type CommandOnStream } from '../commands/handle-commands-together.js';
import { StreamStateCache } from '../commands/stream-state.cache.js';
import type { DialerEvent } from '../events/event-schemas.js';
import { streamOf } from '../events/streams.js';
import type { Clock } from '../ports/clock.port.js';
import { noDialerMetrics, type DialerMetrics } from '../ports/dialer-metrics.port.js';
import type { EventStore, Subscription } from '../ports/event-store.port.js';
import { TelephonyError, type CallProgress, type ProviderName, type TelephonyProviders, type WebhookUrls } from '../ports/telephony.port.js';
import { asQueuedContact, type QueueEntry } from './campaign-queue.js';
import { contactOfAttempt, newAttemptId } from './attempt-id.js';
import { isInboundAttempt } from '../dial-whom/inbound-attempt.js';
import { DialerIndex, type Applied, type AttemptRecord } from './dialer-index.js';
import { OwnWritesEventStore } from './own-writes.event-store.js';
import { TimerRegistry } from './timer-registry.js';
import { LookupBudget } from './lookup-budget.js';
import { WindowCache } from './window-cache.js';

export interface DoNotCallCheck {
  isBlocked(phone: string): Promise<boolean>;
}

export interface DialerLog {
  (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>): void;
}

export interface DialerDependencies {
  readonly events: EventStore;
  readonly clock: Clock;
  readonly providers: TelephonyProviders;
  readonly webhookUrls: WebhookUrls;
  /** One bucket per provider account, shared by every campaign (EXOTEL_CALLS_PER_MINUTE). */
  readonly callsPerMinute: number;
  /**
   * Call-details and call-search requests a minute, across campaigns (EXOTEL_LOOKUPS_PER_MINUTE): with the dials they
   * spend the account's API limit. Undefined: no limit.
   */
  readonly lookupsPerMinute?: number;
  readonly cache?: StreamStateCache;
  readonly doNotCall?: DoNotCallCheck;
  readonly log?: DialerLog;
  readonly metrics?: DialerMetrics;
  readonly timing?: Partial<DialerTiming>;
}

export interface DialerTiming {
  /** A reservation with no dial behind it (a crash between the two writes) is released after this. */
  readonly orphanReservationMs: number;
  /** An attempt whose request outcome is unknown is looked up at the provider after this. */
  readonly unknownOutcomeLookupMs: number;
  /** Added to 2 × ring timeout (+ max duration) before the watchdog asks the provider about a silent call. */
  readonly watchdogGraceMs: number;
  /** How often the watchdog asks about a call that was answered, or found still going, and has not ended for us. */
  readonly connectedLookupMs: number;
  /** How often to try again when a lookup could not reach the provider, or found a call we were told ended still going. */
  readonly lookupRetryMs: number;
}

const DEFAULT_TIMING: DialerTiming = {
  orphanReservationMs: 15_000,
  unknownOutcomeLookupMs: 10_000,
  watchdogGraceMs: 60_000,
  connectedLookupMs: 600_000,
  lookupRetryMs: 30_000,
};

export type IngestResult = 'applied' | 'duplicate' | 'orphan' | 'deferred';

export interface DialerCounters {
  callsPlaced: number;
  dialRejected: number;
  orphanCallbacks: number;
  watchdogClosed: number;
  lookups: number;
}

const ACTOR = 'dialer';

/** An agent whose wrap-up ends now, and that command, stored with their reservation if the pump pairs them. */
interface JoiningAgent {
  readonly agentId: string;
  readonly first: CommandOnStream;
}

/**
 * The progressive dialer (a process manager). It keeps an index of campaigns, contacts and agents from the event
 * store, pumps a running campaign whenever a resource may have appeared (one pump at a time per campaign), and
 * converges every agent and contact towards a consistent state from what it sees (level-triggered), so crashes,
 * duplicate and out-of-order callbacks, and a second instance change nothing that matters.
 */
export class Dialer {
  readonly index: DialerIndex;
  readonly counters: DialerCounters = { callsPlaced: 0, dialRejected: 0, orphanCallbacks: 0, watchdogClosed: 0, lookups: 0 };
  private readonly timers: TimerRegistry;
  private readonly cache: StreamStateCache;
  private readonly timing: DialerTiming;
  private bucket: TokenBucket;
  private readonly lookups: LookupBudget | undefined;
  private subscription?: Subscription;
  private live = false;
  private stopped = false;
  private readonly pumping = new Set<string>();
  private readonly pumpAgain = new Set<string>();
  /** Agents and contacts this process is dialling right now (between reservation and placed call). */
  private readonly busyAgents = new Set<string>();
  private readonly busyContacts = new Set<string>();
  private readonly dirtyAgents = new Set<string>();
  private readonly dirtyContacts = new Set<string>();
  private readonly dirtyCampaigns = new Set<string>();
  private reconcileScheduled = false;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly metrics: DialerMetrics;
  private readonly windows = new WindowCache();
  private lastIso = { ms: Number.NaN, iso: '' };
  /** The store, as this dialer writes to it. */
  private readonly writes: OwnWritesEventStore;

  constructor(private readonly deps: DialerDependencies) {
    this.metrics = deps.metrics ?? noDialerMetrics;
    this.index = new DialerIndex(() => deps.clock.now());
    this.writes = new OwnWritesEventStore(deps.events);
    this.timers = new TimerRegistry(deps.clock);
    this.cache = deps.cache ?? new StreamStateCache();
    this.timing = { ...DEFAULT_TIMING, ...deps.timing };
    this.bucket = forCallsPerMinute(deps.callsPerMinute, deps.clock.now());
    this.lookups = deps.lookupsPerMinute === undefined ? undefined : new LookupBudget(deps.lookupsPerMinute, this.timers, () => deps.clock.now());
  }

  /** Builds the index from the whole log, then follows it live and reconciles everything once. */
  async start(): Promise<void> {
    for await (const stored of this.deps.events.readAll()) this.index.apply(stored.streamId, stored.revision, stored.position, stored.type, stored.data);
    const from = this.index.position;
    this.subscription = this.deps.events.subscribeToAll({
      ...(from >= 0n ? { fromPosition: from } : {}),
      onEvent: (stored) => {
        const own = this.writes.take(stored);
        const { streamId, revision, position } = stored;
        this.observe(own === undefined ? this.index.apply(streamId, revision, position, stored.type, stored.data) : this.index.applyDecoded(streamId, revision, position, own));
      },
      onError: (error) => this.log('error', 'dialer subscription failed', { error: error.message }),
    });
    this.live = true;
    for (const id of this.index.agents.keys()) this.dirtyAgents.add(id);
    for (const id of this.index.contacts.openContactIds()) this.dirtyContacts.add(id);
    for (const id of this.index.campaigns.keys()) this.dirtyCampaigns.add(id);
    this.scheduleReconcile();
    await this.warmOpenContacts();
  }

  /**
   * Calls under way when the service starts: their callbacks come soon, and then find the contact's state cached. Up to
   * four fifths of the cache, the rest left for the streams the first commands bring (agents, campaigns, new contacts).
   */
  private async warmOpenContacts(): Promise<void> {
    const open = this.index.contacts.openContactIds().slice(0, Math.floor(this.cache.capacity * 0.8));
    for (const id of open) if (!this.stopped) await warmStream(this.deps.events, contactDecider, streamOf.contact(id), this.cache);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timers.close();
    await this.subscription?.close();
    await Promise.allSettled([...this.inFlight]);
  }

  /** Nothing started by this dialer is still running, and no reaction is waiting to run. */
  isIdle(): boolean {
    return this.inFlight.size === 0 && !this.reconcileScheduled;
  }

  /** Resolves when nothing this dialer started is still running (for tests and simulations). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0 || this.reconcileScheduled) {
      await Promise.allSettled([...this.inFlight]);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  // ---------------------------------------------------------------- provider callbacks

  /**
   * Records a provider's call progress. Fast: it writes to the contact's stream and returns; anything that needs
   * the provider again (an ambiguous outcome) happens afterwards.
   */
  async ingest(progress: CallProgress): Promise<IngestResult> {
    const attemptId = progress.attemptId ?? this.index.attemptByCallSid.get(progress.callSid);
    const contactId = attemptId === undefined ? undefined : contactOfAttempt(attemptId);
    const contact = contactId === undefined ? undefined : this.index.contacts.get(contactId);
    if (attemptId === undefined || contactId === undefined || contact === undefined || contact.state.status === 'none') {
      this.counters.orphanCallbacks += 1;
      return 'orphan';
    }
    const campaign = this.index.campaigns.get(contact.state.campaignId)?.state;
    if (campaign === undefined || campaign.status === 'none') return 'orphan';
    const at = progress.at ?? this.nowIso();
    const commandBase = `${attemptId}:${progress.callSid}:${progress.event}`;
    // what one callback reports is stored in one append: the legs answered, then the end of the call
    const commands: { command: ContactCommand; commandId: string }[] = [];
    const agentAnswered = progress.agentLeg === 'in-progress' || progress.agentLeg === 'completed';
    if (agentAnswered) {
      commands.push({ command: { type: 'RecordLegAnswered', contactId, attemptId, leg: 'agent', callSid: progress.callSid, at }, commandId: `${commandBase}:agent` });
    }
    if (progress.customerLeg === 'in-progress' || (progress.customerLeg === 'completed' && agentAnswered)) {
      commands.push({ command: { type: 'RecordLegAnswered', contactId, attemptId, leg: 'customer', callSid: progress.callSid, at }, commandId: `${commandBase}:customer` });
    }
    const decision = progress.final ? mapOutcome(progress) : undefined;
    if (decision?.kind === 'outcome') {
      commands.push({
        command: {
          type: 'TerminateCall',
          contactId,
          attemptId,
          callSid: progress.callSid,
          outcome: decision.outcome,
          counts: decision.counts,
          talkSec: progress.conversationSec ?? 0,
          ...(progress.recordingUrl ? { recordingUrl: progress.recordingUrl } : {}),
          retryRules: campaign.settings.retry,
          at,
        },
        commandId: `${attemptId}:terminal`,
      });
    }
    const wrote = await this.contactCommands(contactId, commands);
    if (decision?.kind === 'ask-details') {
      this.track(this.lookUpCall(attemptId, progress.callSid, campaign.settings));
      return 'deferred';
    }
    return wrote ? 'applied' : 'duplicate';
  }

  // ---------------------------------------------------------------- reacting to what is stored

  private observe(applied: Applied | undefined): void {
    if (applied === undefined || !this.live) return;
    const { category, id, event } = applied;
    if (category === 'agent') {
      this.dirtyAgents.add(id);
      if (applied.relatedContactId !== undefined) this.dirtyContacts.add(applied.relatedContactId);
    }
    if (category === 'campaign') {
      this.dirtyCampaigns.add(id);
      if (event.type === 'AgentAssigned' || event.type === 'AgentUnassigned') this.dirtyAgents.add(event.data.agentId);
    }
    if (category === 'contact') {
      this.dirtyContacts.add(id);
      const data = event.data as { campaignId: string; agentId?: string; attemptId?: string };
      this.dirtyCampaigns.add(data.campaignId);
      const agentId = data.agentId ?? (data.attemptId === undefined ? undefined : this.index.attempts.get(data.attemptId)?.agentId);
      if (agentId !== undefined) this.dirtyAgents.add(agentId);
    }
    this.scheduleReconcile();
  }

  private scheduleReconcile(): void {
    if (this.reconcileScheduled || this.stopped) return;
    this.reconcileScheduled = true;
    queueMicrotask(() => {
      this.reconcileScheduled = false;
      if (this.stopped) return;
      const agents = [...this.dirtyAgents];
      const contacts = [...this.dirtyContacts];
      const campaigns = [...this.dirtyCampaigns];
      this.dirtyAgents.clear();
      this.dirtyContacts.clear();
      this.dirtyCampaigns.clear();
      for (const id of contacts) this.step(() => this.reconcileContact(id));
      for (const id of agents) this.step(() => this.reconcileAgent(id));
      for (const id of campaigns) this.pump(id);
    });
  }

  /**
   * Runs a reaction that decides synchronously and returns a promise only when it writes or asks the provider:
   * most reactions find nothing to do, and need no promise to be tracked.
   */
  private step(reaction: () => Promise<unknown> | undefined): void {
    try {
      const running = reaction();
      if (running !== undefined) this.track(running);
    } catch (error) {
      this.log('error', 'dialer step failed', { error: (error as Error).message });
    }
  }

  private track<T>(promise: Promise<T>): void {
    const guarded = promise.catch((error: unknown) => this.log('error', 'dialer step failed', { error: (error as Error).message }));
    this.inFlight.add(guarded);
    void guarded.finally(() => this.inFlight.delete(guarded));
  }

  /** Brings an agent in line with the attempt it holds, and asks its campaigns for work when it is free. */
  private reconcileAgent(agentId: string): Promise<unknown> | undefined {
    const agent = this.index.agents.get(agentId);
    if (agent === undefined || this.busyAgents.has(agentId)) return undefined;
    const state = agent.state;
    if (state.status === 'available') {
      for (const campaignId of agent.campaigns) this.pump(campaignId);
      return undefined;
    }
    if (state.status !== 'reserved' && state.status !== 'on-call' && state.status !== 'wrap-up') return undefined;
    const attempt = this.index.attempts.get(state.attemptId);
    const ref = `${state.attemptId}:agent`;
    if (state.status === 'wrap-up') {
      const until = Date.parse(state.until);
      if (attempt?.disposed === true || until <= this.deps.clock.now()) {
        const endWrapUp: AgentCommand = { type: 'EndWrapUp', agentId, attemptId: state.attemptId, at: this.nowIso() };
        if (this.dialAsWrapUpEnds(agentId, agent.campaigns, endWrapUp, `${ref}:end-wrap-up`)) return undefined;
        return this.agentCommand(endWrapUp, `${ref}:end-wrap-up`);
      }
      this.timers.schedule(`wrap-up:${agentId}`, until, () => this.markAgent(agentId));
      return undefined;
    }
    if (attempt === undefined && isInboundAttempt(state.attemptId)) return this.holdInbound(agentId, state.attemptId, state.campaignId, Date.parse(state.since));
    if (attempt === undefined) {
      // reserved, but no dial behind it: released once it is clearly not in progress elsewhere
      const since = Date.parse(state.since);
      const deadline = since + this.timing.orphanReservationMs;
      if (this.deps.clock.now() >= deadline) return this.agentCommand({ type: 'ReleaseReservation', agentId, attemptId: state.attemptId, reason: 'no-dial', at: this.nowIso() }, `${ref}:orphan-release`);
      this.timers.schedule(`reservation:${agentId}`, deadline, () => this.markAgent(agentId));
      return undefined;
    }
    if (attempt.ended !== undefined) {
      const at = this.nowIso();
      if (attempt.ended.how === 'rejected') return this.agentCommand({ type: 'ReleaseReservation', agentId, attemptId: attempt.attemptId, reason: 'dial-rejected', at }, `${ref}:release`);
      if (attempt.ended.how === 'agent-missed') return this.agentCommand({ type: 'RecordMissedCall', agentId, attemptId: attempt.attemptId, at }, `${ref}:missed`);
      const wrapUpSec = this.settingsOf(attempt.campaignId)?.wrapUpSec ?? 0;
      return this.agentCommand({ type: 'StartWrapUp', agentId, attemptId: attempt.attemptId, wrapUpSec, at }, `${ref}:wrap-up`);
    }
    const contact = this.index.contacts.get(attempt.contactId)?.state;
    if (state.status === 'reserved' && contact !== undefined && 'attempt' in contact && contact.attempt.attemptId === attempt.attemptId && contact.attempt.agentAnswered) {
      return this.agentCommand({ type: 'ConnectAgent', agentId, attemptId: attempt.attemptId, at: this.nowIso() }, `${ref}:connect`);
    }
    return undefined;
  }

  /**
   * An inbound call (Dial Whom) holds the agent with no ContactDialed behind it, by design: not an orphan. Dial Whom
   * ends the hold (wrap-up, or a missed call); should that never be reported, the agent wraps up after the longest
   * the call can last, like the watchdog's bound for outbound calls.
   */
  private holdInbound(agentId: string, attemptId: string, campaignId: string, sinceMs: number): Promise<unknown> | undefined {
    const settings = this.settingsOf(campaignId);
    const deadline = sinceMs + (2 * (settings?.ringTimeoutSec ?? 30) + (settings?.maxCallDurationSec ?? 3600)) * 1000 + this.timing.watchdogGraceMs;
    if (this.deps.clock.now() < deadline) {
      this.timers.schedule(`reservation:${agentId}`, deadline, () => this.markAgent(agentId));
      return undefined;
    }
    return this.agentCommand({ type: 'StartWrapUp', agentId, attemptId, wrapUpSec: settings?.wrapUpSec ?? 0, at: this.nowIso() }, `${attemptId}:agent:inbound-timeout`);
  }

  /** Closes what the provider will not close for us: wrap-ups, unknown request outcomes, silent calls. */
  private reconcileContact(contactId: string): Promise<unknown> | undefined {
    const entry = this.index.contacts.get(contactId);
    if (entry === undefined || this.busyContacts.has(contactId)) return undefined;
    const state = entry.state;
    if (state.status === 'terminal') {
      const agent = this.index.agents.get(state.attempt.agentId)?.state;
      const agentHoldsIt = agent !== undefined && 'attemptId' in agent && agent.attemptId === state.attempt.attemptId;
      return agentHoldsIt ? undefined : this.contact({ type: 'CloseWrapUp', contactId, attemptId: state.attempt.attemptId, at: this.nowIso() }, `${state.attempt.attemptId}:close-wrap-up`);
    }
    if (state.status !== 'dialing' && state.status !== 'connected') return undefined;
    const attempt = this.index.attempts.get(state.attempt.attemptId);
    const settings = this.settingsOf(state.campaignId);
    if (attempt === undefined || settings === undefined) return undefined;
    if (state.attempt.callSid === undefined) {
      const lookupAt = attempt.dialedAtMs + this.timing.unknownOutcomeLookupMs;
      if (this.deps.clock.now() >= lookupAt) return this.resolveUnknownRequest(attempt, state.phone, settings);
      this.timers.schedule(`lookup:${attempt.attemptId}`, lookupAt, () => this.markContact(contactId));
      return undefined;
    }
    const askAt = this.watchdogDue(attempt, state.status === 'connected', settings);
    if (this.deps.clock.now() >= askAt) return this.lookUpCall(attempt.attemptId, state.attempt.callSid, settings, true);
    this.timers.schedule(`watchdog:${attempt.attemptId}`, askAt, () => this.markContact(contactId));
    return undefined;
  }

  /**
   * When the watchdog next asks the provider about a call that has not ended for us. No call outlasts 2 × ring
   * timeout + max call duration (+ grace) from its dial, PROVIDERS.md's bound; but waiting for it would hold the agent
   * of a lost terminal callback for over an hour with the defaults. A call nobody answered is over once both legs
   * could have rung out, so it is asked about then; one answered (or found still going) every `connectedLookupMs`,
   * which keeps lookups of long calls within the account's API budget. Past the bound, every grace period.
   */
  private watchdogDue(attempt: AttemptRecord, answered: boolean, settings: CampaignSettings): number {
    const { ringsOverAt, boundAt } = this.watchdogTimes(attempt, settings);
    const askedAt = attempt.stillGoingAtMs;
    if (askedAt !== undefined && askedAt >= boundAt) return askedAt + this.timing.watchdogGraceMs;
    if (askedAt === undefined && !answered) return ringsOverAt;
    return Math.min(boundAt, (askedAt ?? ringsOverAt) + this.timing.connectedLookupMs);
  }

  /** When both legs could have rung out, and the latest the call can end (PROVIDERS.md's bound), each with grace. */
  private watchdogTimes(attempt: AttemptRecord, settings: CampaignSettings): { ringsOverAt: number; boundAt: number } {
    const ringsOverAt = attempt.dialedAtMs + 2 * settings.ringTimeoutSec * 1000 + this.timing.watchdogGraceMs;
    return { ringsOverAt, boundAt: ringsOverAt + settings.maxCallDurationSec * 1000 };
  }

  /** A request whose answer we never got: find the call at the provider before anything redials. */
  private async resolveUnknownRequest(attempt: AttemptRecord, phone: string, settings: CampaignSettings): Promise<void> {
    const telephony = this.deps.providers.get(settings.provider);
    if (telephony === undefined || this.stopped) return;
    if (!this.lookupAllowed(`find:${attempt.attemptId}`, () => this.markContact(attempt.contactId))) return;
    this.counters.lookups += 1;
    let found: CallProgress[];
    try {
      found = await this.timed(telephony.provider, 'find-calls', () => telephony.findCalls({ customerPhone: phone, since: new Date(attempt.dialedAtMs - 60_000).toISOString() }));
    } catch (error) {
      this.log('warn', 'call lookup failed; will retry', { attemptId: attempt.attemptId, error: (error as Error).message });
      this.timers.schedule(`lookup:${attempt.attemptId}`, this.deps.clock.now() + this.timing.lookupRetryMs, () => this.markContact(attempt.contactId));
      return;
    }
    const match = found.find((call) => call.attemptId === attempt.attemptId);
    const at = this.nowIso();
    if (match !== undefined) {
      await this.contact({ type: 'RecordCallPlaced', contactId: attempt.contactId, attemptId: attempt.attemptId, callSid: match.callSid, at }, `${attempt.attemptId}:found`);
      // a search lists calls without their legs, and the outcome is decided from the legs (PROVIDERS.md 7): an agent
      // who never answered shows as an overall `failed`. The call's own details tell.
      if (match.final) await this.lookUpCall(attempt.attemptId, match.callSid, settings);
      return;
    }
    await this.contact({ type: 'RejectDial', contactId: attempt.contactId, attemptId: attempt.attemptId, reason: 'not-placed', detail: 'no call found at the provider', at }, `${attempt.attemptId}:not-placed`);
  }

  /** Within the lookup budget, or in line for it (`askAgain` when its turn comes); a line forming is worth a warning. */
  private lookupAllowed(key: string, askAgain: () => void): boolean {
    if (this.lookups === undefined || this.lookups.admit(key, askAgain)) return true;
    if (this.lookups.waitingCount === 1) this.log('warn', 'provider lookups over their budget: waiting their turn', { lookupsPerMinute: this.deps.lookupsPerMinute });
    return false;
  }

  /** Asks the provider about a call: to settle an ambiguous outcome, or (watchdog) a call that went silent. */
  private async lookUpCall(attemptId: string, callSid: string, settings: CampaignSettings, watchdog = false): Promise<void> {
    const telephony = this.deps.providers.get(settings.provider);
    const contactId = contactOfAttempt(attemptId);
    if (telephony === undefined || contactId === undefined || this.stopped) return;
    // a retry scheduled before the call was closed (by its callback, or by another lookup) has nothing left to ask
    if (this.index.attempts.get(attemptId)?.ended !== undefined) return;
    if (!this.lookupAllowed(`details:${attemptId}`, () => this.track(this.lookUpCall(attemptId, callSid, settings, watchdog)))) return;
    this.counters.lookups += 1;
    let details: CallProgress | undefined;
    try {
      details = await this.timed(telephony.provider, 'get-call', () => telephony.getCall(callSid));
    } catch (error) {
      this.log('warn', 'call details failed; will retry', { attemptId, error: (error as Error).message });
      this.timers.schedule(`details:${attemptId}`, this.deps.clock.now() + this.timing.lookupRetryMs, () => this.track(this.lookUpCall(attemptId, callSid, settings, watchdog)));
      return;
    }
    const at = this.nowIso();
    if (details === undefined) {
      if (watchdog) this.counters.watchdogClosed += 1;
      await this.contact({ type: 'TerminateCall', contactId, attemptId, callSid, outcome: 'failed', counts: false, talkSec: 0, retryRules: settings.retry, closedBy: watchdog ? 'watchdog' : 'provider', at }, `${attemptId}:unknown-call`);
      return;
    }
    if (!details.final) {
      const attempt = this.index.attempts.get(attemptId);
      const retryAt = this.deps.clock.now() + this.timing.lookupRetryMs;
      if (!watchdog && attempt !== undefined && retryAt < this.watchdogTimes(attempt, settings).boundAt) {
        // its final callback came (without legs), but call details do not have the end yet: ask again shortly
        this.timers.schedule(`details:${attemptId}`, retryAt, () => this.track(this.lookUpCall(attemptId, callSid, settings)));
        return;
      }
      if (attempt !== undefined) attempt.stillGoingAtMs = this.deps.clock.now();
      const askAt = attempt === undefined ? this.deps.clock.now() + this.timing.watchdogGraceMs : this.watchdogDue(attempt, true, settings);
      this.timers.schedule(`watchdog:${attemptId}`, askAt, () => this.markContact(contactId));
      return;
    }
    const decision = mapOutcome(details);
    // call details without legs still say no-answer: whose? Protect the customer: count it as theirs
    const { outcome, counts } = decision.kind === 'outcome' ? decision : { outcome: 'no-answer' as const, counts: true };
    if (watchdog) this.counters.watchdogClosed += 1;
    const closed = await this.contact(
      { type: 'TerminateCall', contactId, attemptId, callSid, outcome, counts, talkSec: details.conversationSec ?? 0, retryRules: settings.retry, closedBy: watchdog ? 'watchdog' : 'provider', ...(details.recordingUrl ? { recordingUrl: details.recordingUrl } : {}), at },
      `${attemptId}:terminal`,
    );
    // the dialer carries on without the callbacks, so say so: they may not be reaching the service at all
    if (closed && watchdog) this.log('warn', 'call ended without its final callback; closed from call details', { attemptId, callSid, outcome });
  }

  // ---------------------------------------------------------------- pumping

  /**
   * Dials for a campaign while it has free agents, due contacts, tokens and an open window. `joining`: an agent about
   * to be free, paired with the others in the first round (see `dialAsWrapUpEnds`).
   */
  pump(campaignId: string, joining?: JoiningAgent): void {
    if (this.stopped || !this.live) return;
    if (this.pumping.has(campaignId)) {
      this.pumpAgain.add(campaignId);
      return;
    }
    // most pumps find nothing to dial: decided synchronously, with no loop (and no promise) started for them
    let first: Promise<boolean> | undefined;
    try {
      first = this.pumpOnce(campaignId, joining);
    } catch (error) {
      this.log('error', 'dialer step failed', { error: (error as Error).message });
      return;
    }
    if (first === undefined) return;
    this.pumping.add(campaignId);
    this.track(
      this.pumpLoop(campaignId, first).finally(() => {
        this.pumping.delete(campaignId);
        if (this.pumpAgain.delete(campaignId)) this.pump(campaignId);
      }),
    );
  }

  private async pumpLoop(campaignId: string, first: Promise<boolean>): Promise<void> {
    for (let step: Promise<boolean> | undefined = first; step !== undefined; step = this.pumpOnce(campaignId)) {
      if (!(await step)) return;
    }
  }

  /**
   * One round of pairing: undefined when there is nothing to do now (timers set for when there may be), else the
   * writes it started, resolving to true when a call was placed (then the campaign is pumped again).
   */
  private pumpOnce(campaignId: string, joining?: JoiningAgent): Promise<boolean> | undefined {
    const entry = this.index.campaigns.get(campaignId);
    const state = entry?.state;
    if (entry === undefined || state === undefined || state.status === 'none') return undefined;
    if (state.status === 'running' && entry.total > 0 && entry.open === 0) {
      return this.campaignCommand({ type: 'CompleteCampaign', campaignId, at: this.nowIso() }, `complete:${campaignId}:${entry.revision}`).then(() => false);
    }
    if (state.status !== 'running') return undefined;
    const now = this.deps.clock.now();
    if (!this.windows.isOpen(state.settings.window, now)) {
      this.timers.schedule(`window:${campaignId}`, this.windows.nextOpening(state.settings.window, now), () => this.pump(campaignId));
      return undefined;
    }
    const free = this.freeAgents(campaignId, state.agentIds);
    // idle since now: every agent already waiting is paired before them
    if (joining !== undefined) free.push({ agentId: joining.agentId, idleSinceMs: now });
    if (free.length === 0) return undefined;
    this.bucket = refill(this.bucket, now);
    const tokens = Math.floor(this.bucket.tokens);
    if (tokens < 1) {
      this.timers.scheduleEarliest(`tokens:${campaignId}`, nextTokenAt(this.bucket, now), () => this.pump(campaignId));
      return undefined;
    }
    const wanted = Math.min(free.length, tokens);
    const taken = entry.queue.take(wanted, now).filter((e) => !this.busyContacts.has(e.contactId));
    if (taken.length === 0) {
      const due = entry.queue.nextDueMs();
      if (due !== undefined) this.timers.schedule(`due:${campaignId}`, due, () => this.pump(campaignId));
      return undefined;
    }
    const pairs = pairAgentsWithContacts(free, taken.map(asQueuedContact), tokens, now);
    const granted = take(this.bucket, now, pairs.length);
    this.bucket = granted.bucket;
    const used = pairs.slice(0, granted.granted);
    const byId = new Map(taken.map((e) => [e.contactId, e]));
    for (const leftover of taken.filter((e) => !used.some((p) => p.contactId === e.contactId))) entry.queue.add(leftover, now);
    for (const pair of used) {
      this.busyAgents.add(pair.agentId);
      this.busyContacts.add(pair.contactId);
    }
    const firstOf = (agentId: string) => (agentId === joining?.agentId ? joining.first : undefined);
    return Promise.all(used.map((pair) => this.dialPair(campaignId, state.settings, pair.agentId, byId.get(pair.contactId)!, firstOf(pair.agentId)))).then((results) => results.some(Boolean));
  }

  /** The campaign's available agents not being dialled for; in no particular order (the pairing sorts them). */
  private freeAgents(campaignId: string, agentIds: readonly string[]): FreeAgent[] {
    const free: FreeAgent[] = [];
    const available = this.index.available;
    if (available.size <= agentIds.length) {
      for (const [agentId, idleSinceMs] of available) {
        if (!this.busyAgents.has(agentId) && this.index.agents.get(agentId)?.campaigns.has(campaignId) === true) free.push({ agentId, idleSinceMs });
      }
      return free;
    }
    for (const agentId of agentIds) {
      const idleSinceMs = available.get(agentId);
      if (idleSinceMs !== undefined && !this.busyAgents.has(agentId)) free.push({ agentId, idleSinceMs });
    }
    return free;
  }

  /**
   * An agent whose wrap-up ends now joins the pump of each of their campaigns in turn, as the most recently idle of
   * its free agents. When the pairing gives them a contact, the end of the wrap-up, the reservation and the dial are
   * one atomic append: the call is on its way one disk sync after the agent is free instead of two. False when no
   * campaign had a contact for them now (the wrap-up then ends on its own).
   */
  private dialAsWrapUpEnds(agentId: string, campaigns: Iterable<string>, endWrapUp: AgentCommand, commandId: string): boolean {
    if (this.writes.appendAtomically === undefined) return false;
    const joining: JoiningAgent = { agentId, first: { decider: agentDecider, streamId: streamOf.agent(agentId), command: endWrapUp, context: { commandId, actor: ACTOR } } };
    for (const campaignId of campaigns) {
      // a pump already under way would pair them only once it comes round again: the wrap-up ends on its own then
      if (this.pumping.has(campaignId)) continue;
      this.pump(campaignId, joining);
      // paired agents are marked busy as the pump starts their dial
      if (this.busyAgents.has(agentId)) return true;
    }
    return false;
  }

  /**
   * Reserve the agent → dial the contact → place the call. True when a call was placed. `first`: a command on the
   * agent's stream stored in the same append, before the reservation (with a store that appends atomically).
   */
  private async dialPair(campaignId: string, settings: CampaignSettings, agentId: string, queued: QueueEntry, first?: CommandOnStream): Promise<boolean> {
    const contactId = queued.contactId;
    const attemptId = newAttemptId(contactId, this.deps.clock.now());
    const at = () => this.nowIso();
    try {
      const agentState = this.index.agents.get(agentId)?.state;
      if (this.writes.appendAtomically !== undefined) return await this.reserveAndDialTogether(campaignId, settings, agentId, agentState, queued, attemptId, first);
      const reserved = await this.agentCommand({ type: 'ReserveAgent', agentId, attemptId, contactId, campaignId, at: at() }, `${attemptId}:reserve`);
      if (!reserved || agentState === undefined) {
        this.requeue(campaignId, queued);
        return false;
      }
      const contact = this.index.contacts.get(contactId)?.state;
      if (contact === undefined || contact.status !== 'queued') {
        await this.release(agentId, attemptId, 'contact-unavailable');
        return false;
      }
      if (await this.deps.doNotCall?.isBlocked(contact.phone)) {
        await this.contact({ type: 'MarkDoNotCall', contactId, at: at() }, `${attemptId}:dnc`);
        await this.release(agentId, attemptId, 'do-not-call');
        return false;
      }
      const dialed = await this.contact({ type: 'DialContact', contactId, attemptId, agentId, at: at() }, `${attemptId}:dial`);
      if (!dialed) {
        await this.release(agentId, attemptId, 'contact-unavailable');
        return false;
      }
      return await this.placeCall(campaignId, settings, agentState, attemptId, contactId, contact.phone);
    } finally {
      this.busyAgents.delete(agentId);
      this.busyContacts.delete(contactId);
      this.markAgent(agentId);
      this.markContact(contactId);
    }
  }

  /**
   * The same steps with a store that appends atomically: the reservation and the dial are one write (one commit, one
   * disk sync), so neither is ever stored without the other, and what would undo a reservation is checked before it.
   */
  private async reserveAndDialTogether(campaignId: string, settings: CampaignSettings, agentId: string, agentState: AgentState | undefined, queued: QueueEntry, attemptId: string, first?: CommandOnStream): Promise<boolean> {
    const contactId = queued.contactId;
    const contact = this.index.contacts.get(contactId)?.state;
    if (agentState === undefined) {
      this.requeue(campaignId, queued);
      return false;
    }
    if (contact === undefined || contact.status !== 'queued') return false;
    const at = this.nowIso();
    if (await this.deps.doNotCall?.isBlocked(contact.phone)) {
      await this.contact({ type: 'MarkDoNotCall', contactId, at }, `${attemptId}:dnc`);
      return false;
    }
    const started = performance.now();
    let results: readonly CommandResult<DialerEvent>[];
    try {
      results = await handleCommandsTogether(this.writes, [
        ...(first === undefined ? [] : [first]),
        { decider: agentDecider, streamId: streamOf.agent(agentId), command: { type: 'ReserveAgent', agentId, attemptId, contactId, campaignId, at } satisfies AgentCommand, context: { commandId: `${attemptId}:reserve`, actor: ACTOR } },
        { decider: contactDecider, streamId: streamOf.contact(contactId), command: { type: 'DialContact', contactId, attemptId, agentId, at } satisfies ContactCommand, context: { commandId: `${attemptId}:dial`, actor: ACTOR } },
      ], { cache: this.cache });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // the agent was taken or went away: the contact waits for the next one; a contact no longer queued is not dialled
      if (error.code.startsWith('agent.')) this.requeue(campaignId, queued);
      return false;
    }
    if (first !== undefined) this.applied(first.streamId, results[0]!, started);
    const [reservation, dial] = results.slice(first === undefined ? 0 : 1);
    const [reserved, dialed] = [this.applied(streamOf.agent(agentId), reservation!, started), this.applied(streamOf.contact(contactId), dial!, started)];
    if (!reserved || !dialed) return false;
    return await this.placeCall(campaignId, settings, agentState, attemptId, contactId, contact.phone);
  }

  private async placeCall(campaignId: string, settings: CampaignSettings, agent: AgentState, attemptId: string, contactId: string, customerPhone: string): Promise<boolean> {
    if (agent.status === 'unregistered') return false;
    const telephony = this.deps.providers.get(settings.provider);
    const at = () => this.nowIso();
    if (telephony === undefined) {
      await this.rejectDial(contactId, attemptId, 'provider-refused', `provider ${settings.provider} is not configured`);
      await this.campaignCommand({ type: 'PauseCampaign', campaignId, reason: `provider ${settings.provider} not configured`, at: at() }, `${attemptId}:pause`);
      return false;
    }
    if (await this.deps.doNotCall?.isBlocked(customerPhone)) {
      // listed while this dial was being set up (after the first check): the number is never rung
      await this.contact({ type: 'RejectDial', contactId, attemptId, reason: 'not-placed', detail: 'number put on the do-not-call list before the request', at: at() }, `${attemptId}:not-sent-dnc`);
      await this.contact({ type: 'MarkDoNotCall', contactId, at: at() }, `${attemptId}:dnc`);
      return false;
    }
    // checked last, with no await between it and the request: a pause or a closing window applied meanwhile is seen
    const current = this.index.campaigns.get(campaignId)?.state;
    if (current?.status !== 'running' || !this.windows.isOpen(current.settings.window, this.deps.clock.now())) {
      // paused, stopped or out of its window while this dial was being set up: nothing reaches the provider
      await this.contact({ type: 'RejectDial', contactId, attemptId, reason: 'not-placed', detail: `campaign ${current?.status ?? 'unknown'} or window closed before the request`, at: at() }, `${attemptId}:not-sent`);
      return false;
    }
    try {
      const { callSid } = await this.timed(telephony.provider, 'place-call', () => telephony.placeCall({
        attemptId,
        agentPhone: agent.phone,
        ...(settings.provider === 'ccm-v2' && agent.ccmUserId !== undefined ? { agentUserId: agent.ccmUserId } : {}),
        customerPhone,
        callerId: settings.callerId,
        ringTimeoutSec: settings.ringTimeoutSec,
        maxDurationSec: settings.maxCallDurationSec,
        record: settings.recording.enabled,
        recordingChannels: settings.recording.channels,
        statusCallbackUrl: this.deps.webhookUrls.statusCallback(settings.provider as ProviderName),
      }));
      this.counters.callsPlaced += 1;
      await this.contact({ type: 'RecordCallPlaced', contactId, attemptId, callSid, at: at() }, `${attemptId}:placed`);
      return true;
    } catch (error) {
      if (!(error instanceof TelephonyError)) throw error;
      await this.onDialError(error, campaignId, attemptId, contactId, agent.agentId);
      return false;
    }
  }

  /** PROVIDERS.md section 7, initiation errors. */
  private async onDialError(error: TelephonyError, campaignId: string, attemptId: string, contactId: string, agentId: string): Promise<void> {
    const at = this.nowIso();
    this.log('warn', 'dial request failed', { attemptId, kind: error.kind, providerCode: error.providerCode, status: error.httpStatus });
    switch (error.kind) {
      case 'invalid-number':
        await this.rejectDial(contactId, attemptId, 'invalid-number', error.message);
        return;
      case 'rate-limited':
        this.bucket = slowDown(this.bucket, this.deps.clock.now());
        await this.rejectDial(contactId, attemptId, 'rate-limited', error.message);
        return;
      case 'device-unavailable':
        // paused while still reserved (takes effect with the release): no dialer rings them again. The dial is
        // rejected before the release, so that a crash in between never leaves the contact dialing on an attempt its
        // agent no longer holds (the next dialer releases the agent of a rejected dial, paused as asked).
        await this.agentCommand({ type: 'PauseAgent', agentId, reason: 'device-unavailable', at }, `${attemptId}:device-pause`);
        await this.rejectDial(contactId, attemptId, 'agent-unavailable', error.message);
        await this.agentCommand({ type: 'ReleaseReservation', agentId, attemptId, reason: 'device-unavailable', at }, `${attemptId}:device-release`);
        return;
      case 'unauthorized':
      case 'payment-required':
      case 'forbidden':
      case 'not-found':
      case 'bad-request':
        // the campaign stops first: once the contact is back in the queue, no dialer may take it again
        await this.campaignCommand({ type: 'PauseCampaign', campaignId, reason: `provider:${error.kind}`, at }, `${attemptId}:pause`);
        await this.rejectDial(contactId, attemptId, 'provider-refused', error.message);
        return;
      case 'provider-fault':
      case 'timeout':
      case 'network':
        // a call may exist: the attempt stays open until a lookup at the provider settles it
        this.timers.schedule(`lookup:${attemptId}`, this.deps.clock.now() + this.timing.unknownOutcomeLookupMs, () => this.markContact(contactId));
        return;
    }
  }

  private async rejectDial(contactId: string, attemptId: string, reason: 'invalid-number' | 'provider-refused' | 'rate-limited' | 'agent-unavailable', detail: string): Promise<void> {
    this.counters.dialRejected += 1;
    await this.contact({ type: 'RejectDial', contactId, attemptId, reason, detail: detail.slice(0, 200), at: this.nowIso() }, `${attemptId}:reject`);
  }

  private async release(agentId: string, attemptId: string, reason: string): Promise<void> {
    await this.agentCommand({ type: 'ReleaseReservation', agentId, attemptId, reason, at: this.nowIso() }, `${attemptId}:release-${reason}`);
  }

  private requeue(campaignId: string, queued: QueueEntry): void {
    this.index.campaigns.get(campaignId)?.queue.add(queued, this.deps.clock.now());
  }

  // ---------------------------------------------------------------- writing

  private agentCommand(command: AgentCommand, commandId: string): Promise<boolean> {
    return this.execute(agentDecider, streamOf.agent(command.agentId), command, commandId);
  }

  private contact(command: ContactCommand, commandId: string): Promise<boolean> {
    return this.execute(contactDecider, streamOf.contact(command.contactId), command, commandId);
  }

  /** Commands for one contact, in one append (see handleCommandsInSequence); true when any of them wrote. */
  private async contactCommands(contactId: string, commands: readonly { command: ContactCommand; commandId: string }[]): Promise<boolean> {
    if (commands.length === 0) return false;
    if (commands.length === 1) return this.contact(commands[0]!.command, commands[0]!.commandId);
    const streamId = streamOf.contact(contactId);
    const started = performance.now();
    const outcomes = await handleCommandsInSequence(
      this.writes,
      contactDecider,
      streamId,
      commands.map(({ command, commandId }) => ({ command, context: { commandId, actor: ACTOR } })),
      { cache: this.cache },
    );
    let wrote = false;
    for (const outcome of outcomes) if ('result' in outcome && this.applied(streamId, outcome.result, started)) wrote = true;
    return wrote;
  }

  private campaignCommand(command: CampaignCommand, commandId: string): Promise<boolean> {
    return this.execute(campaignDecider, streamOf.campaign(command.campaignId), command, commandId);
  }

  /** handleCommand, then the result applied to the index at once. False when the domain said no (or nothing). */
  private async execute<C, E extends DialerEvent, S>(decider: Decider<C, E, S>, streamId: string, command: C, commandId: string): Promise<boolean> {
    let result: CommandResult<E>;
    const started = performance.now();
    try {
      result = await handleCommand(this.writes, decider, streamId, command, { commandId, actor: ACTOR }, { cache: this.cache });
    } catch (error) {
      if (error instanceof DomainError) return false;
      throw error;
    }
    return this.applied(streamId, result, started);
  }

  /** A command's result applied to the index at once; false when it wrote nothing (refused, replayed, no change). */
  private applied<E extends DialerEvent>(streamId: string, result: CommandResult<E>, started: number): boolean {
    if (result.replayed || result.events.length === 0 || result.revision === undefined) return false;
    this.metrics.appendObserved((performance.now() - started) / 1000);
    for (const event of result.events) if (event.type === 'CallTerminated') this.metrics.callEnded(event.data.campaignId, event.data.outcome, event.data.closedBy);
    const first = result.revision - BigInt(result.events.length - 1);
    // only when contiguous with what the index knows: otherwise the subscription brings everything, in order
    if (this.index.revisionOf(streamId) === first - 1n) {
      result.events.forEach((event, i) => this.observe(this.index.applyDecoded(streamId, first + BigInt(i), result.position ?? -1n, event)));
    }
    return true;
  }

  // ---------------------------------------------------------------- helpers

  private markAgent(agentId: string): void {
    this.dirtyAgents.add(agentId);
    this.scheduleReconcile();
  }

  private markContact(contactId: string): void {
    this.dirtyContacts.add(contactId);
    this.scheduleReconcile();
  }

  /** Runs a provider request and reports its duration (and error kind) to the metrics. */
  private async timed<T>(provider: string, operation: string, request: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const result = await request();
      this.metrics.providerRequest(provider, operation, (performance.now() - started) / 1000);
      return result;
    } catch (error) {
      this.metrics.providerRequest(provider, operation, (performance.now() - started) / 1000, error instanceof TelephonyError ? error.kind : 'unexpected');
      throw error;
    }
  }

  private settingsOf(campaignId: string): CampaignSettings | undefined {
    const state = this.index.campaigns.get(campaignId)?.state;
    return state === undefined || state.status === 'none' ? undefined : state.settings;
  }

  /** The clock's time as ISO text, made once per millisecond (a burst of commands shares one instant). */
  private nowIso(): string {
    const nowMs = this.deps.clock.now();
    if (nowMs !== this.lastIso.ms) this.lastIso = { ms: nowMs, iso: new Date(nowMs).toISOString() };
    return this.lastIso.iso;
  }

  private log(level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>): void {
    this.deps.log?.(level, message, fields);
  }
}
