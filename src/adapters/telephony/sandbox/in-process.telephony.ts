import type { Clock } from '../../../application/ports/clock.port.js';
import {
  TelephonyError,
  type CallProgress,
  type FindCallsQuery,
  type PlaceCall,
  type PlacedCall,
  type ProviderName,
} from '../../../application/ports/telephony.port.js';
import type {
  CallPhase,
  PlayedCall,
  ProgressListener,
  SimulatedTelephony,
} from '../../../application/simulation/simulation.ports.js';
import type { LegStatus, OverallStatus } from '../../../domain/dialing/outcome.mapping.js';
import { planCall, type AnsweredCallPlan, type CallPlan } from './call-plan.js';
import { sampleSeconds } from './distribution.js';
import { hexId, randomStreams, type Random } from './prng.js';
import type { SandboxProfile } from './sandbox.profile.js';

export interface InProcessTelephonyOptions {
  readonly clock: Clock;
  readonly profile: SandboxProfile;
  /** The same seed gives the same call outcomes in the same order. */
  readonly seed: number;
  /** The provider name campaigns dial through (default `sandbox`). */
  readonly provider?: ProviderName;
  /** Play the profile's callback faults: duplicated, late and lost callbacks (default true). */
  readonly callbackFaults?: boolean;
}

interface CallbackFate {
  readonly lost: boolean;
  readonly duplicate: boolean;
  readonly lateByMs: number;
}

const ON_TIME: CallbackFate = { lost: false, duplicate: false, lateByMs: 0 };

interface LiveCall {
  readonly callSid: string;
  readonly attemptId: string;
  readonly agentPhone: string;
  readonly customerPhone: string;
  readonly createdAt: number;
  readonly plan: CallPlan;
  readonly fates: Readonly<Record<'agent' | 'customer' | 'terminal', CallbackFate>>;
  phase: CallPhase | 'ended';
  status: OverallStatus;
  agentLeg: LegStatus;
  customerLeg: LegStatus;
  updatedAt: number;
  conversationSec?: number;
}

const MINUTE_MS = 60_000;

/**
 * The sandbox's call model (`planCall`, seeded draws, callback faults) played out in this process on a clock,
 * with no HTTP: each callback is handed to a listener (the dialer's `ingest`) at its time on the clock. Like the
 * sandbox it follows v1: the agent is rung first, the customer only once the agent answered.
 */
export class InProcessTelephony implements SimulatedTelephony {
  readonly provider: ProviderName;
  readonly played: PlayedCall[] = [];
  /** Calls placed while the agent's phone was already on another call (the dialer must keep this at 0). */
  agentConflicts = 0;
  private listener: ProgressListener | undefined;
  private readonly calls = new Map<string, LiveCall>();
  private readonly liveByAgent = new Map<string, LiveCall>();
  private readonly outcomes: Random;
  private readonly callbackRandom: Random;
  private readonly ids: Random;
  private recentPlacements: number[] = [];

  constructor(private readonly options: InProcessTelephonyOptions) {
    this.provider = options.provider ?? 'sandbox';
    const streams = randomStreams(options.seed);
    this.outcomes = streams.outcomes;
    this.callbackRandom = streams.callbackFaults;
    this.ids = streams.ids;
  }

  connect(listener: ProgressListener): void {
    this.listener = listener;
  }

  phaseOf(agentPhone: string): CallPhase | undefined {
    const call = this.liveByAgent.get(agentPhone);
    return call === undefined || call.phase === 'ended' ? undefined : call.phase;
  }

  async placeCall(order: PlaceCall): Promise<PlacedCall> {
    const now = this.options.clock.now();
    if (this.isOverCallRate(now)) {
      throw new TelephonyError('rate-limited', 'more calls than the profile allows per minute', true, 429, 429);
    }
    const agentOnCall = this.phaseOf(order.agentPhone) !== undefined;
    if (agentOnCall) this.agentConflicts += 1;
    const limits = { ringTimeoutSec: order.ringTimeoutSec, timeLimitSec: order.maxDurationSec };
    const plan = planCall(this.options.profile, this.outcomes, limits, agentOnCall);
    const fates = { agent: this.drawFate(), customer: this.drawFate(), terminal: this.drawFate() };
    const call: LiveCall = {
      callSid: hexId(this.ids, 32),
      attemptId: order.attemptId,
      agentPhone: order.agentPhone,
      customerPhone: order.customerPhone,
      createdAt: now,
      plan,
      fates,
      phase: 'agent-ringing',
      status: 'ringing',
      agentLeg: 'ringing',
      customerLeg: 'none',
      updatedAt: now,
    };
    this.calls.set(call.callSid, call);
    this.liveByAgent.set(call.agentPhone, call);
    this.recentPlacements.push(now);
    this.played.push(playedCall(call, plan, now));
    this.after(now, plan.agent.afterSec, (at) => this.agentDecided(call, at));
    return { callSid: call.callSid };
  }

  async getCall(callSid: string): Promise<CallProgress | undefined> {
    const call = this.calls.get(callSid);
    return call === undefined ? undefined : this.details(call);
  }

  async findCalls(query: FindCallsQuery): Promise<CallProgress[]> {
    const since = Date.parse(query.since);
    const found: CallProgress[] = [];
    for (const call of this.calls.values()) {
      if (call.customerPhone === query.customerPhone && call.createdAt >= since) found.push(this.details(call));
    }
    return found;
  }

  private agentDecided(call: LiveCall, at: number): void {
    const { plan } = call;
    if (plan.outcome === 'agent-missed') {
      this.finish(call, at, plan.agent.result, plan.agent.result, 'none');
      return;
    }
    Object.assign(call, { phase: 'customer-ringing', status: 'in-progress', agentLeg: 'in-progress', updatedAt: at });
    this.report(call, 'agent', this.progress(call, 'answered', at));
    call.customerLeg = 'ringing';
    this.after(at, plan.customer.afterSec, (customerAt) => this.customerDecided(call, plan, customerAt));
  }

  private customerDecided(call: LiveCall, plan: AnsweredCallPlan, at: number): void {
    if (plan.outcome !== 'connected') {
      this.finish(call, at, plan.customer.result, 'completed', plan.customer.result);
      return;
    }
    Object.assign(call, { phase: 'talking', customerLeg: 'in-progress', updatedAt: at });
    this.report(call, 'customer', this.progress(call, 'answered', at));
    this.after(at, plan.talkSec, (endAt) => {
      call.conversationSec = Math.round(plan.talkSec);
      this.finish(call, endAt, 'completed', 'completed', 'completed');
    });
  }

  private finish(call: LiveCall, at: number, status: OverallStatus, agentLeg: LegStatus, customerLeg: LegStatus): void {
    Object.assign(call, { phase: 'ended', status, agentLeg, customerLeg, updatedAt: at });
    if (this.liveByAgent.get(call.agentPhone) === call) this.liveByAgent.delete(call.agentPhone);
    this.report(call, 'terminal', this.progress(call, 'terminal', at));
  }

  // one literal per shape rather than conditional spreads (a spread followed by more fields is slow on Node 20)
  private progress(call: LiveCall, event: 'answered' | 'terminal', at: number): CallProgress {
    const { callSid, attemptId, status: overallStatus, agentLeg, customerLeg } = call;
    const atIso = new Date(at).toISOString();
    if (event === 'terminal') return { callSid, attemptId, event, overallStatus, agentLeg, customerLeg, final: true, conversationSec: call.conversationSec ?? 0, at: atIso };
    if (this.options.profile.callbacks.customFieldOnAnswered) return { callSid, attemptId, event, overallStatus, agentLeg, customerLeg, final: false, at: atIso };
    return { callSid, event, overallStatus, agentLeg, customerLeg, final: false, at: atIso };
  }

  private details(call: LiveCall): CallProgress {
    const final = call.phase === 'ended';
    return {
      callSid: call.callSid,
      attemptId: call.attemptId,
      event: 'details',
      overallStatus: call.status,
      agentLeg: call.agentLeg,
      customerLeg: call.customerLeg,
      final,
      ...(final ? { conversationSec: call.conversationSec ?? 0 } : {}),
      at: new Date(call.updatedAt).toISOString(),
    };
  }

  /** Hands a callback to the listener at its time: late by its fate, twice when duplicated, never when lost. */
  private report(call: LiveCall, which: keyof LiveCall['fates'], progress: CallProgress): void {
    const fate = call.fates[which];
    if (fate.lost) return;
    const deliver = () => {
      const delivered = this.listener?.(progress);
      if (fate.duplicate) void delivered?.then(() => this.listener?.(progress), () => undefined);
    };
    if (fate.lateByMs === 0) deliver();
    else this.options.clock.setTimer(this.options.clock.now() + fate.lateByMs, deliver);
  }

  private drawFate(): CallbackFate {
    if (this.options.callbackFaults === false) return ON_TIME;
    const { callbacks } = this.options.profile;
    const random = this.callbackRandom;
    const lost = random() < callbacks.lost;
    const duplicate = random() < callbacks.duplicate;
    const late = random() < callbacks.late;
    const delaySec = sampleSeconds(callbacks.lateDelay, random);
    return { lost, duplicate: duplicate && !lost, lateByMs: late && !lost ? Math.round(delaySec * 1000) : 0 };
  }

  private isOverCallRate(now: number): boolean {
    const limit = this.options.profile.callsPerMinute;
    if (limit === undefined) return false;
    this.recentPlacements = this.recentPlacements.filter((at) => at > now - MINUTE_MS);
    return this.recentPlacements.length >= limit;
  }

  private after(from: number, seconds: number, fn: (at: number) => void): void {
    const at = from + Math.round(seconds * 1000);
    this.options.clock.setTimer(at, () => fn(at));
  }
}

function playedCall(call: LiveCall, plan: CallPlan, placedAtMs: number): PlayedCall {
  const answered = plan.outcome !== 'agent-missed';
  return {
    agentPhone: call.agentPhone,
    placedAtMs,
    outcome: plan.outcome,
    agentRingSec: Math.round(plan.agent.afterSec * 1000) / 1000,
    customerRingSec: answered ? Math.round(plan.customer.afterSec * 1000) / 1000 : 0,
    talkSec: plan.outcome === 'connected' ? Math.round(plan.talkSec * 1000) / 1000 : 0,
  };
}
