import type { LegStatus, OverallStatus } from '../../../../src/domain/dialing/outcome.mapping.js';
import {
  TelephonyError,
  type CallProgress,
  type FindCallsQuery,
  type PlaceCall,
  type PlacedCall,
  type Telephony,
  type TelephonyErrorKind,
} from '../../../../src/application/ports/telephony.port.js';

/** How a call plays out (PROVIDERS.md section 7): the agent misses it, or answers and the customer leg ends so. */
export type CallFate = 'connected' | 'busy' | 'no-answer' | 'failed' | 'canceled' | 'agent-missed';

export const CALL_FATES: readonly CallFate[] = [
  'connected',
  'busy',
  'no-answer',
  'failed',
  'canceled',
  'agent-missed',
];

/** The provider events of one call, in the order the provider sends them. */
export type CallStep = 'agent-answered' | 'customer-answered' | 'terminal';

/** What a failed request looks like from the dialer's side. */
export type RequestFailure =
  | { readonly kind: 'rate-limited' | 'invalid-number' | 'unauthorized' | 'device-unavailable' }
  /** The outcome is unknown to the dialer: the provider may (`callCreated`) or may not have placed the call. */
  | { readonly kind: 'provider-fault' | 'timeout'; readonly callCreated: boolean };

export const OUTCOME_UNKNOWN_KINDS: ReadonlySet<TelephonyErrorKind> = new Set([
  'provider-fault',
  'timeout',
  'network',
]);

const HTTP_STATUS: Readonly<Partial<Record<TelephonyErrorKind, number>>> = {
  'rate-limited': 429,
  'invalid-number': 400,
  unauthorized: 401,
  'device-unavailable': 409,
  'provider-fault': 503,
};

/** Every request the dialer made, placed or not, in order. */
export interface PlaceRecord {
  readonly seq: number;
  readonly request: PlaceCall;
  readonly atMs: number;
  /** `placed` = the request returned a callSid; otherwise the kind of the error thrown. */
  readonly answer: 'placed' | TelephonyErrorKind;
  /** Set when the provider created a call (also when it answered with an error and created it anyway). */
  readonly callSid?: string;
  /** Whatever the test wanted to know at the moment of the request (the event log position, say). */
  readonly note?: unknown;
}

export interface ScriptedCall {
  readonly callSid: string;
  readonly attemptId: string;
  readonly agentPhone: string;
  readonly customerPhone: string;
  readonly createdAtMs: number;
  /** The request that created it answered with an error: the dialer does not know the callSid. */
  readonly requestFailed: boolean;
  /** Decided when the call first makes progress (or looked up at the end of the test). */
  fate?: CallFate;
  readonly emitted: Set<CallStep>;
  /** Emitted steps that never reached the dialer. */
  readonly lost: Set<CallStep>;
  /** When its terminal step was emitted. */
  endedAtMs?: number;
}

export interface EmitOptions {
  /** How the call plays out, when not decided yet. */
  readonly fate: CallFate;
  /** A terminal callback without legs (the overall status alone): the dialer must ask call details. */
  readonly legless?: boolean;
}

/**
 * An in-memory provider for the dialer's model-based test: it records every request, answers with a callSid or a
 * scripted TelephonyError, keeps each call's legs, and produces the `CallProgress` the test delivers (or loses).
 * Call details and the bulk search answer from its records, so a lost callback is still known here.
 */
export class ScriptedTelephony implements Telephony {
  readonly provider = 'sandbox' as const;
  readonly requests: PlaceRecord[] = [];
  readonly calls = new Map<string, ScriptedCall>();
  /** Call-details and call-search requests, as they came. */
  readonly lookups: { readonly kind: 'getCall' | 'findCalls'; readonly atMs: number }[] = [];
  /** Problems only the provider can see (two live calls for one phone), as they happened. */
  readonly violations: string[] = [];
  private readonly failures: RequestFailure[] = [];
  private readonly early: CallFate[] = [];
  private lookupFailures = 0;
  private nextSid = 1;

  constructor(
    private readonly now: () => number,
    private readonly options: {
      readonly answeredCarriesAttemptId: boolean;
      /** Called at every request, before anything else; its answer is kept as the request's `note`. */
      readonly onPlace?: (request: PlaceCall) => unknown;
      /** Hands a callback to the dialer while its request is still waiting for the answer. */
      readonly deliverEarly?: (progress: CallProgress) => Promise<unknown>;
    } = { answeredCarriesAttemptId: true },
  ) {}

  /** The next call created sends its first callback before the request that created it returns. */
  callbackBeforeAnswer(fate: CallFate): void {
    this.early.push(fate);
  }

  /** The next request fails so (failures queue up in order). */
  failNextRequest(failure: RequestFailure): void {
    this.failures.push(failure);
  }

  /** The next call-details or search request fails with a provider fault. */
  failNextLookup(): void {
    this.lookupFailures += 1;
  }

  disarm(): void {
    this.failures.length = 0;
    this.early.length = 0;
    this.lookupFailures = 0;
  }

  get armedFailures(): readonly RequestFailure[] {
    return this.failures;
  }

  async placeCall(request: PlaceCall): Promise<PlacedCall> {
    const atMs = this.now();
    const note = this.options.onPlace?.(request);
    for (const live of this.liveCalls()) {
      if (live.agentPhone === request.agentPhone)
        this.violations.push(
          `placeCall ${request.attemptId}: agent ${request.agentPhone} is already on live call ${live.callSid} (${live.attemptId})`,
        );
      if (live.customerPhone === request.customerPhone)
        this.violations.push(
          `placeCall ${request.attemptId}: customer ${request.customerPhone} is already on live call ${live.callSid} (${live.attemptId})`,
        );
    }
    const failure = this.failures.shift();
    const seq = this.requests.length + 1;
    if (failure === undefined) {
      const call = this.create(request, atMs, false);
      this.requests.push({ seq, request, atMs, answer: 'placed', callSid: call.callSid, note });
      await this.earlyCallback(call);
      return { callSid: call.callSid };
    }
    const created =
      'callCreated' in failure && failure.callCreated ? this.create(request, atMs, true) : undefined;
    this.requests.push({
      seq,
      request,
      atMs,
      answer: failure.kind,
      ...(created ? { callSid: created.callSid } : {}),
      note,
    });
    if (created !== undefined) await this.earlyCallback(created);
    const retryable = failure.kind === 'rate-limited' || OUTCOME_UNKNOWN_KINDS.has(failure.kind);
    throw new TelephonyError(
      failure.kind,
      `scripted ${failure.kind}`,
      retryable,
      undefined,
      HTTP_STATUS[failure.kind],
    );
  }

  async getCall(callSid: string): Promise<CallProgress | undefined> {
    this.lookups.push({ kind: 'getCall', atMs: this.now() });
    this.maybeFailLookup('getCall');
    const call = this.calls.get(callSid);
    return call === undefined ? undefined : this.details(call);
  }

  async findCalls(query: FindCallsQuery): Promise<CallProgress[]> {
    this.lookups.push({ kind: 'findCalls', atMs: this.now() });
    this.maybeFailLookup('findCalls');
    const since = Date.parse(query.since);
    return [...this.calls.values()]
      .filter((call) => call.customerPhone === query.customerPhone && call.createdAtMs >= since)
      .map((call) => (this.listingsShowLegs ? this.details(call) : legless(this.details(call))));
  }

  /**
   * Off: the search lists calls as v1's bulk Calls.json does, without their legs, and an agent who never answered
   * shows as the overall status of their leg (here `busy`: the agent's phone was engaged).
   */
  listingsShowLegs = true;

  /** How long after a call's end call details still show it going on (the provider's records lagging). */
  detailsLagMs = 0;

  // ---------------------------------------------------------------- the test's side

  /** Placed and not over at the provider (no terminal event emitted, delivered or lost). */
  liveCalls(): ScriptedCall[] {
    return [...this.calls.values()].filter((call) => !call.emitted.has('terminal'));
  }

  /** Calls with callbacks still to send (an undecided call has at least its terminal one). */
  callsWithPending(): ScriptedCall[] {
    return [...this.calls.values()].filter((call) => this.pendingSteps(call).length > 0);
  }

  /** The steps not emitted yet, in script order. */
  pendingSteps(call: ScriptedCall): CallStep[] {
    const script =
      call.fate === undefined
        ? (['agent-answered', 'customer-answered', 'terminal'] as const)
        : stepsOf(call.fate);
    return script.filter((step) => !call.emitted.has(step));
  }

  /** Moves the call on by one provider event and returns the callback for it (deliver it, or drop it: `lost`). */
  emit(
    call: ScriptedCall,
    step: CallStep | 'next',
    options: EmitOptions,
    lost = false,
  ): CallProgress | undefined {
    call.fate ??= options.fate;
    const pending = this.pendingSteps(call);
    const chosen = step === 'next' ? pending[0] : pending.includes(step) ? step : undefined;
    if (chosen === undefined) return undefined;
    call.emitted.add(chosen);
    if (chosen === 'terminal') call.endedAtMs = this.now();
    if (lost) call.lost.add(chosen);
    return this.callbackOf(call, chosen, options.legless === true);
  }

  /** Call details as the provider answers them now. */
  details(call: ScriptedCall): CallProgress {
    const base = {
      callSid: call.callSid,
      attemptId: call.attemptId,
      event: 'details' as const,
      at: new Date(this.now()).toISOString(),
    };
    if (call.emitted.has('terminal') && this.now() >= (call.endedAtMs ?? 0) + this.detailsLagMs) {
      const fate = call.fate!;
      return {
        ...base,
        ...terminalLegs(fate),
        final: true,
        ...(fate === 'connected' ? { conversationSec: 42 } : {}),
      };
    }
    if (call.emitted.has('customer-answered'))
      return {
        ...base,
        overallStatus: 'in-progress',
        agentLeg: 'in-progress',
        customerLeg: 'in-progress',
        final: false,
      };
    if (call.emitted.has('agent-answered'))
      return {
        ...base,
        overallStatus: 'in-progress',
        agentLeg: 'in-progress',
        customerLeg: 'ringing',
        final: false,
      };
    return { ...base, overallStatus: 'ringing', agentLeg: 'ringing', customerLeg: 'none', final: false };
  }

  private callbackOf(call: ScriptedCall, step: CallStep, legless: boolean): CallProgress {
    const at = new Date(this.now()).toISOString();
    const withId = this.options.answeredCarriesAttemptId ? { attemptId: call.attemptId } : {};
    switch (step) {
      case 'agent-answered':
        return {
          callSid: call.callSid,
          ...withId,
          event: 'answered',
          overallStatus: 'in-progress',
          agentLeg: 'in-progress',
          customerLeg: 'none',
          final: false,
          at,
        };
      case 'customer-answered':
        return {
          callSid: call.callSid,
          ...withId,
          event: 'answered',
          overallStatus: 'in-progress',
          agentLeg: 'in-progress',
          customerLeg: 'in-progress',
          final: false,
          at,
        };
      case 'terminal': {
        const fate = call.fate!;
        const legs = terminalLegs(fate);
        const shape = legless
          ? {
              overallStatus: fate === 'agent-missed' ? ('no-answer' as const) : legs.overallStatus,
              agentLeg: 'none' as const,
              customerLeg: 'none' as const,
            }
          : legs;
        return {
          callSid: call.callSid,
          attemptId: call.attemptId,
          event: 'terminal',
          ...shape,
          final: true,
          ...(fate === 'connected' ? { conversationSec: 42 } : {}),
          at,
        };
      }
    }
  }

  private async earlyCallback(call: ScriptedCall): Promise<void> {
    const fate = this.early.shift();
    if (fate === undefined || this.options.deliverEarly === undefined) return;
    const progress = this.emit(call, 'next', { fate });
    if (progress === undefined) return;
    const step = [...call.emitted][0]!; // the call's first event
    // the webhook's fate is not the request's: a process that died while taking it just lost the callback
    await this.options.deliverEarly(progress).catch(() => call.lost.add(step));
  }

  private create(request: PlaceCall, atMs: number, requestFailed: boolean): ScriptedCall {
    const callSid = `sid-${String(this.nextSid++).padStart(4, '0')}`;
    const call: ScriptedCall = {
      callSid,
      attemptId: request.attemptId,
      agentPhone: request.agentPhone,
      customerPhone: request.customerPhone,
      createdAtMs: atMs,
      requestFailed,
      emitted: new Set(),
      lost: new Set(),
    };
    this.calls.set(callSid, call);
    return call;
  }

  private maybeFailLookup(what: string): void {
    if (this.lookupFailures === 0) return;
    this.lookupFailures -= 1;
    throw new TelephonyError('provider-fault', `scripted ${what} fault`, true, undefined, 503);
  }
}

/** One dialer process's connection to the provider: once the process has crashed, it sends nothing more. */
export class ProcessTelephony implements Telephony {
  readonly provider = 'sandbox' as const;
  dead = false;

  constructor(
    private readonly shared: Telephony,
    /** Sees every request this process sends, at the moment it sends it. */
    private readonly onRequest: (call: PlaceCall) => void = () => undefined,
  ) {}

  placeCall(call: PlaceCall): Promise<PlacedCall> {
    if (this.dead) return Promise.reject(new Error('the process crashed before this request'));
    this.onRequest(call);
    return this.shared.placeCall(call);
  }

  getCall(callSid: string): Promise<CallProgress | undefined> {
    return this.dead
      ? Promise.reject(new Error('the process crashed before this request'))
      : this.shared.getCall(callSid);
  }

  findCalls(query: FindCallsQuery): Promise<CallProgress[]> {
    return this.dead
      ? Promise.reject(new Error('the process crashed before this request'))
      : this.shared.findCalls(query);
  }
}

export function stepsOf(fate: CallFate): readonly CallStep[] {
  if (fate === 'agent-missed') return ['terminal'];
  if (fate === 'connected') return ['agent-answered', 'customer-answered', 'terminal'];
  return ['agent-answered', 'terminal'];
}

/** Whether the customer leg was dialled: the only calls that may count against maxAttempts. */
export function customerLegDialled(fate: CallFate): boolean {
  return fate === 'connected' || fate === 'busy' || fate === 'no-answer' || fate === 'failed';
}

function legless(details: CallProgress): CallProgress {
  const agentMissed = details.final && details.agentLeg !== 'completed';
  return { ...details, overallStatus: agentMissed ? 'busy' : details.overallStatus, agentLeg: 'none', customerLeg: 'none' };
}

function terminalLegs(fate: CallFate): {
  overallStatus: OverallStatus;
  agentLeg: LegStatus;
  customerLeg: LegStatus;
} {
  switch (fate) {
    case 'connected':
      return { overallStatus: 'completed', agentLeg: 'completed', customerLeg: 'completed' };
    case 'agent-missed':
      return { overallStatus: 'no-answer', agentLeg: 'no-answer', customerLeg: 'none' };
    default:
      return { overallStatus: fate, agentLeg: 'completed', customerLeg: fate };
  }
}
