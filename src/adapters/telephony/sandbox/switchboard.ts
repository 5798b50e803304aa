import type { Clock } from '../../../application/ports/clock.port.js';
import { CALL_OUTCOMES, type CallOutcome, type LegStatus } from '../../../domain/dialing/outcome.mapping.js';
import type { CallbackCourier, EncodedCallback } from './callback.courier.js';
import { planCall, type AnsweredCallPlan, type CallPlan } from './call-plan.js';
import { sampleSeconds } from './distribution.js';
import { hexId, type Random } from './prng.js';
import type {
  CallbackEvent,
  LiveCall,
  Party,
  RecordedRequest,
  SandboxApi,
  SandboxCall,
  V1CallStatus,
} from './sandbox-call.js';
import type { SandboxProfile } from './sandbox.profile.js';

export interface CallSubscription {
  readonly event: CallbackEvent;
  readonly url: string;
}

/** A validated request to place a call, in either API. */
export interface CallOrder {
  readonly api: SandboxApi;
  readonly request: RecordedRequest;
  readonly agentNumber: string;
  readonly agentUserId?: string;
  readonly customerNumber: string;
  readonly callerId: string;
  readonly attemptId?: string;
  readonly ringTimeoutSec: number;
  readonly timeLimitSec: number;
  readonly record: boolean;
  readonly subscriptions: readonly CallSubscription[];
  /** A callback body in the API's format, from the call as it is when the event fires. */
  readonly renderCallback: (call: SandboxCall, event: CallbackEvent) => EncodedCallback;
}

export interface SwitchboardDependencies {
  readonly clock: Clock;
  readonly profile: SandboxProfile;
  readonly outcomes: Random;
  readonly callbackFaults: Random;
  readonly ids: Random;
  readonly courier: CallbackCourier;
  readonly recordingUrl: (callSid: string) => string;
}

interface CallbackFate {
  readonly lost: boolean;
  readonly duplicate: boolean;
  readonly lateByMs: number;
}

/** One fate per possible callback, drawn at placement: agent answered, customer answered, terminal. */
interface CallScript {
  readonly order: CallOrder;
  readonly plan: CallPlan;
  readonly fates: Readonly<Record<'agent' | 'customer' | 'terminal', CallbackFate>>;
}

interface CallEnd {
  readonly status: V1CallStatus;
  readonly agent: LegStatus;
  readonly customer: LegStatus;
}

const MINUTE_MS = 60_000;

/** Plays calls out on the clock (v1 semantics: agent first, customer only after the agent answered). */
export class Switchboard {
  readonly calls: LiveCall[] = [];
  readonly outcomes: Record<CallOutcome, number> = Object.fromEntries(
    CALL_OUTCOMES.map((outcome) => [outcome, 0]),
  ) as Record<CallOutcome, number>;
  /** Calls placed while the agent's number was already on another call. */
  agentConflicts = 0;
  readonly #deps: SwitchboardDependencies;
  readonly #bySid = new Map<string, LiveCall>();
  readonly #activeCallsByAgent = new Map<string, number>();
  readonly #timers = new Set<() => void>();
  #recentPlacements: number[] = [];

  constructor(dependencies: SwitchboardDependencies) {
    this.#deps = dependencies;
  }

  find(callSid: string): LiveCall | undefined {
    return this.#bySid.get(callSid);
  }

  isAgentOnCall(agentNumber: string): boolean {
    return (this.#activeCallsByAgent.get(agentNumber) ?? 0) > 0;
  }

  /** Whether one more call now would exceed the profile's calls per minute. */
  isOverCallRate(): boolean {
    const limit = this.#deps.profile.callsPerMinute;
    if (limit === undefined) return false;
    const windowStart = this.#deps.clock.now() - MINUTE_MS;
    this.#recentPlacements = this.#recentPlacements.filter((at) => at > windowStart);
    return this.#recentPlacements.length >= limit;
  }

  place(order: CallOrder): LiveCall {
    const { clock, profile } = this.#deps;
    const now = clock.now();
    const agentOnCall = this.isAgentOnCall(order.agentNumber);
    if (agentOnCall) this.agentConflicts += 1;
    const plan = planCall(profile, this.#deps.outcomes, order, agentOnCall);
    const script: CallScript = {
      order,
      plan,
      fates: { agent: this.#drawFate(), customer: this.#drawFate(), terminal: this.#drawFate() },
    };
    const call = newCall(hexId(this.#deps.ids, 32), order, plan, now);
    this.calls.push(call);
    this.#bySid.set(call.callSid, call);
    this.#recentPlacements.push(now);
    this.#changeAgentCalls(order.agentNumber, +1);
    this.#after(now, plan.agent.afterSec, (at) => this.#agentDecided(call, script, at));
    return call;
  }

  close(): void {
    for (const cancel of this.#timers) cancel();
    this.#timers.clear();
  }

  #agentDecided(call: LiveCall, script: CallScript, at: number): void {
    const { plan } = script;
    if (plan.outcome === 'agent-missed') {
      this.#finish(call, script, at, {
        status: plan.agent.result,
        agent: plan.agent.result,
        customer: 'none',
      });
      return;
    }
    Object.assign(call.agentLeg, { status: 'in-progress', answeredAt: at });
    Object.assign(call, { status: 'in-progress', updatedAt: at });
    // the agent's answered event shows the customer leg not dialled yet (PROVIDERS.md section 3)
    this.#fire(call, script, 'answered', 'agent', at);
    Object.assign(call.customerLeg, { status: 'ringing', ringStartedAt: at });
    this.#after(at, plan.customer.afterSec, (customerAt) =>
      this.#customerDecided(call, script, plan, customerAt),
    );
  }

  #customerDecided(call: LiveCall, script: CallScript, plan: AnsweredCallPlan, at: number): void {
    if (plan.outcome !== 'connected') {
      this.#finish(call, script, at, {
        status: plan.customer.result,
        agent: 'completed',
        customer: plan.customer.result,
      });
      return;
    }
    Object.assign(call.customerLeg, { status: 'in-progress', answeredAt: at });
    call.updatedAt = at;
    this.#fire(call, script, 'answered', 'customer', at);
    this.#after(at, plan.talkSec, (endAt) => {
      call.conversationSec = Math.round(plan.talkSec);
      if (call.record) call.recordingUrl = this.#deps.recordingUrl(call.callSid);
      this.#finish(call, script, endAt, { status: 'completed', agent: 'completed', customer: 'completed' });
    });
  }

  #finish(call: LiveCall, script: CallScript, at: number, end: CallEnd): void {
    Object.assign(call.agentLeg, { status: end.agent, endedAt: at });
    Object.assign(call.customerLeg, {
      status: end.customer,
      ...(call.customerLeg.ringStartedAt !== undefined ? { endedAt: at } : {}),
    });
    Object.assign(call, { state: 'terminal', status: end.status, endedAt: at, updatedAt: at });
    this.outcomes[call.plannedOutcome] += 1;
    this.#changeAgentCalls(call.agentNumber, -1);
    this.#fire(call, script, 'terminal', undefined, at);
  }

  #fire(call: LiveCall, script: CallScript, event: CallbackEvent, leg: Party | undefined, at: number): void {
    const fate = script.fates[leg ?? 'terminal'];
    for (const subscription of script.order.subscriptions.filter((candidate) => candidate.event === event)) {
      const record = {
        event,
        ...(leg ? { leg } : {}),
        url: subscription.url,
        firedAt: at,
        ...fate,
        delivered: 0,
        attempts: 0,
      };
      call.callbacks.push(record);
      this.#deps.courier.dispatch(record, script.order.renderCallback(call, event));
    }
  }

  #drawFate(): CallbackFate {
    const { callbacks } = this.#deps.profile;
    const random = this.#deps.callbackFaults;
    const lost = random() < callbacks.lost;
    const duplicate = random() < callbacks.duplicate;
    const late = random() < callbacks.late;
    const delaySec = sampleSeconds(callbacks.lateDelay, random);
    return { lost, duplicate: duplicate && !lost, lateByMs: late && !lost ? Math.round(delaySec * 1000) : 0 };
  }

  #after(from: number, seconds: number, fn: (at: number) => void): void {
    const at = from + Math.round(seconds * 1000);
    const cancel = this.#deps.clock.setTimer(at, () => {
      this.#timers.delete(cancel);
      fn(at);
    });
    this.#timers.add(cancel);
  }

  #changeAgentCalls(agentNumber: string, change: number): void {
    const count = (this.#activeCallsByAgent.get(agentNumber) ?? 0) + change;
    if (count > 0) this.#activeCallsByAgent.set(agentNumber, count);
    else this.#activeCallsByAgent.delete(agentNumber);
  }
}

function newCall(callSid: string, order: CallOrder, plan: CallPlan, now: number): LiveCall {
  return {
    callSid,
    api: order.api,
    request: order.request,
    attemptId: order.attemptId,
    agentNumber: order.agentNumber,
    agentUserId: order.agentUserId,
    customerNumber: order.customerNumber,
    callerId: order.callerId,
    ringTimeoutSec: order.ringTimeoutSec,
    timeLimitSec: order.timeLimitSec,
    record: order.record,
    createdAt: now,
    updatedAt: now,
    plannedOutcome: plan.outcome,
    state: 'active',
    status: 'ringing',
    agentLeg: { number: order.agentNumber, status: 'ringing', ringStartedAt: now },
    customerLeg: { number: order.customerNumber, status: 'none' },
    conversationSec: undefined,
    recordingUrl: undefined,
    endedAt: undefined,
    callbacks: [],
  };
}
