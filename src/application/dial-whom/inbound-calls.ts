import type { DialerIndex } from '../dialer/dialer-index.js';
import { callKeyOf, parseInboundAttempt } from './inbound-attempt.js';

/** An agent reserved for an inbound call. */
export interface Offer {
  readonly offerNo: number;
  readonly agentId: string;
  /** E.164. */
  readonly phone: string;
  readonly campaignId: string;
  readonly contactId: string;
  readonly attemptId: string;
  readonly sticky: boolean;
  /** The agent stream's revision once reserved: until the index has applied it, the index cannot judge the hold. */
  readonly reservedAt: bigint;
  ended?: 'completed' | 'missed';
}

export interface InboundCall {
  readonly callSid: string;
  /** Oldest first; the last one is the current offer. */
  readonly offers: Offer[];
  callbackQueued: boolean;
}

/**
 * What this process knows of each inbound call (CallSid → offers), least recently used evicted. A call this
 * process has not seen (a restart, another instance) is rebuilt from the agents whose reservation names it.
 */
export class InboundCalls {
  private readonly calls = new Map<string, InboundCall>();

  constructor(
    private readonly index: DialerIndex,
    private readonly capacity = 10_000,
  ) {}

  get(callSid: string): InboundCall {
    const known = this.calls.get(callSid);
    const call = known ?? { callSid, offers: recoverOffers(this.index, callSid), callbackQueued: false };
    this.calls.delete(callSid);
    this.calls.set(callSid, call);
    if (this.calls.size > this.capacity) this.calls.delete(this.calls.keys().next().value as string);
    return call;
  }

  get size(): number {
    return this.calls.size;
  }
}

/** Whether the offer's agent still holds the reservation (or the index has not caught up with it yet). */
export function stillHeld(index: DialerIndex, offer: Offer): boolean {
  const entry = index.agents.get(offer.agentId);
  if (entry === undefined || entry.revision < offer.reservedAt) return true;
  const state = entry.state;
  return (state.status === 'reserved' || state.status === 'on-call') && state.attemptId === offer.attemptId;
}

function recoverOffers(index: DialerIndex, callSid: string): Offer[] {
  const callKey = callKeyOf(callSid);
  const offers: Offer[] = [];
  for (const [agentId, entry] of index.agents) {
    const state = entry.state;
    if (!('attemptId' in state)) continue;
    const inbound = parseInboundAttempt(state.attemptId);
    if (inbound?.callKey !== callKey) continue;
    offers.push({
      offerNo: inbound.offerNo,
      agentId,
      phone: state.phone,
      campaignId: state.campaignId,
      contactId: state.contactId,
      attemptId: state.attemptId,
      sticky: false,
      reservedAt: entry.revision,
      ...(state.status === 'wrap-up' ? { ended: 'completed' as const } : {}),
    });
  }
  return offers.sort((a, b) => a.offerNo - b.offerNo);
}
