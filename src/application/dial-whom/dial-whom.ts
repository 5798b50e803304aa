import { DomainError } from '../../domain/shared/domain-error.js';
import { tryParsePhone } from '../../domain/shared/phone.js';
import { toInstant, type Instant } from '../../domain/shared/time.js';
import type { DialerIndex } from '../dialer/dialer-index.js';
import type { DialerLog } from '../dialer/dialer.js';
import { rankCandidates } from './agent-candidates.js';
import type { DialWhomCommands } from './dial-whom.commands.js';
import type { AgentChoice, DialCallStatus, DialWhomAnswer, DialWhomRequest } from './dial-whom.messages.js';
import { inboundAttemptId } from './inbound-attempt.js';
import { queueCallback } from './inbound-callback.js';
import { identifyCaller, routesOf, settingsOf, type InboundCaller } from './inbound-caller.js';
import { InboundCalls, stillHeld, type InboundCall, type Offer } from './inbound-calls.js';
import { KeyedSerializer } from './keyed-serializer.js';

export interface DialWhomDependencies {
  /** The running dialer: its index is what Dial Whom reads (agents, contacts, campaigns). */
  readonly dialer: { readonly index: DialerIndex };
  readonly commands: DialWhomCommands;
  readonly log?: DialerLog;
  /** Reservations tried in one request when agents are taken concurrently (by the dialer) before giving up. */
  readonly maxReserveTries?: number;
}

const DEFAULT_MAX_RESERVE_TRIES = 10;

/**
 * Exotel's Connect applet asks whom to connect an inbound caller to. Dial Whom picks an available agent (the one
 * who last talked to the caller when free, else the longest idle of the caller's campaign, or of any running
 * campaign for an unknown caller), reserves them through the agent decider, and remembers the offer per CallSid.
 * Requests for one CallSid run one at a time, and every write has a command id derived from the CallSid, so
 * concurrent or retried requests reserve one agent and answer it again. A repeat request saying the agent did
 * not answer records the miss (the agent is paused) and offers the next one; `completed` starts the agent's
 * wrap-up. Nobody free: the caller is queued for a callback. In memory plus at most a few appends.
 */
export class DialWhom {
  private readonly serial = new KeyedSerializer();
  private readonly calls: InboundCalls;
  private readonly maxReserveTries: number;

  constructor(private readonly deps: DialWhomDependencies) {
    this.calls = new InboundCalls(deps.dialer.index);
    this.maxReserveTries = deps.maxReserveTries ?? DEFAULT_MAX_RESERVE_TRIES;
  }

  answer(request: DialWhomRequest): Promise<DialWhomAnswer> {
    return this.serial.run(request.callSid, () => this.route(request));
  }

  private get index(): DialerIndex {
    return this.deps.dialer.index;
  }

  private async route(request: DialWhomRequest): Promise<DialWhomAnswer> {
    const call = this.calls.get(request.callSid);
    const caller = identifyCaller(this.index, request.callerNumber, request.callSid);
    const at = toInstant(request.nowMs);
    if (request.dialCallStatus !== undefined) {
      const previous = this.previousOffer(call, request.dialWhomNumber);
      if (previous !== undefined && previous.ended === undefined)
        await this.end(call, previous, request.dialCallStatus, at);
      if (request.dialCallStatus === 'completed') return this.answerWith(call, caller, undefined);
    }
    const current = call.offers.at(-1);
    if (current !== undefined && current.ended === undefined && stillHeld(this.index, current))
      return this.answerWith(call, caller, current);
    const offer = await this.offerNext(call, caller, at);
    if (offer === undefined && !call.callbackQueued) {
      const outcome = await queueCallback(
        this.index,
        this.deps.commands,
        caller,
        `dial-whom:${call.callSid}:callback`,
        at,
      );
      call.callbackQueued = outcome.queued;
      this.log('info', 'inbound caller found no free agent', { callSid: call.callSid, ...outcome });
    }
    return this.answerWith(call, caller, offer);
  }

  /** The offer a repeat request is about: the one whose number Exotel dialled last, else the current one. */
  private previousOffer(call: InboundCall, dialWhomNumber: string | undefined): Offer | undefined {
    const dialled = dialWhomNumber === undefined ? undefined : tryParsePhone(dialWhomNumber);
    if (dialled === undefined) return call.offers.at(-1);
    return call.offers.findLast((offer) => offer.phone === dialled);
  }

  /** The agent attempt is over: talked → wrap-up; anything else → a missed call (the agent is paused). */
  private async end(call: InboundCall, offer: Offer, status: DialCallStatus, at: Instant): Promise<void> {
    const { agentId, attemptId, offerNo } = offer;
    const commandId = `dial-whom:${call.callSid}:${offerNo}`;
    try {
      if (status === 'completed') {
        const wrapUpSec = settingsOf(this.index, offer.campaignId)?.wrapUpSec ?? 0;
        await this.deps.commands.agent(
          { type: 'StartWrapUp', agentId, attemptId, wrapUpSec, at },
          `${commandId}:wrap-up`,
        );
      } else {
        await this.deps.commands.agent(
          { type: 'RecordMissedCall', agentId, attemptId, at },
          `${commandId}:missed`,
        );
        this.log('info', 'inbound call missed by agent', {
          callSid: call.callSid,
          agentId,
          attemptId,
          status,
        });
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.log('warn', 'inbound call end refused', {
        callSid: call.callSid,
        agentId,
        attemptId,
        code: error.code,
      });
    }
    offer.ended = status === 'completed' ? 'completed' : 'missed';
  }

  /** Reserves the best available agent not yet offered on this call; undefined when nobody could be reserved. */
  private async offerNext(call: InboundCall, caller: InboundCaller, at: Instant): Promise<Offer | undefined> {
    const offered = new Set(call.offers.map((offer) => offer.agentId));
    const offerNo = (call.offers.at(-1)?.offerNo ?? 0) + 1;
    for (const candidate of rankCandidates(this.index, caller, offered).slice(0, this.maxReserveTries)) {
      const { agentId, contactId, campaignId } = candidate;
      const attemptId = inboundAttemptId(contactId, call.callSid, offerNo);
      let result;
      try {
        result = await this.deps.commands.agent(
          { type: 'ReserveAgent', agentId, attemptId, contactId, campaignId, at },
          `dial-whom:${call.callSid}:${offerNo}:reserve`,
        );
      } catch (error) {
        if (error instanceof DomainError) continue; // taken a moment ago (by the dialer, or another call)
        throw error;
      }
      const reserved = result.events.find((event) => event.type === 'AgentReserved');
      if (reserved === undefined || result.revision === undefined) continue;
      const offer: Offer = {
        ...candidate,
        offerNo,
        attemptId: reserved.data.attemptId,
        contactId: reserved.data.contactId,
        campaignId: reserved.data.campaignId,
        reservedAt: result.revision,
      };
      // a reservation this call made before (then forgotten: a restart) that the agent no longer holds
      if (result.replayed && !stillHeld(this.index, offer)) continue;
      call.offers.push(offer);
      this.log('info', 'inbound call offered to agent', {
        callSid: call.callSid,
        agentId,
        attemptId: offer.attemptId,
        sticky: offer.sticky,
        replayed: result.replayed,
      });
      return offer;
    }
    return undefined;
  }

  private answerWith(call: InboundCall, caller: InboundCaller, offer: Offer | undefined): DialWhomAnswer {
    const campaignId = offer?.campaignId ?? routesOf(this.index, caller)[0]?.campaignId;
    const campaign = campaignId === undefined ? undefined : settingsOf(this.index, campaignId);
    return {
      agents: offer === undefined ? [] : [choiceOf(offer)],
      ...(campaign === undefined ? {} : { campaign }),
      callbackQueued: call.callbackQueued,
    };
  }

  private log(level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown>): void {
    this.deps.log?.(level, message, fields);
  }
}

function choiceOf({ agentId, phone, campaignId, contactId, attemptId, sticky }: Offer): AgentChoice {
  return { agentId, phone, campaignId, contactId, attemptId, sticky };
}
