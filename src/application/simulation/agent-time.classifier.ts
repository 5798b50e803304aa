import type { AgentState } from '../../domain/agent/agent.state.js';
import { MISSED_CALL_REASON } from '../../domain/agent/agent.events.js';
import { isWindowOpen, nextWindowOpening, windowClosesAt, type CallingWindow } from '../../domain/dialing/calling-window.policy.js';
import type { AgentEntry, DialerIndex } from '../dialer/dialer-index.js';
import { causeIndex, noCauseCounts, type AgentTimeCause, type CauseCounts } from './agent-time.js';
import type { RateMirror } from './rate-mirror.js';
import type { CallPhase, SimulatedTelephony } from './simulation.ports.js';

const PHASE_CAUSE: Readonly<Record<CallPhase, number>> = {
  'agent-ringing': causeIndex('agent-ring'),
  'customer-ringing': causeIndex('customer-ring'),
  talking: causeIndex('talk'),
};
const WRAP_UP = causeIndex('wrap-up');
const MISSED_CALL_PAUSE = causeIndex('missed-call-pause');
const PAUSED = causeIndex('paused');
const CALLBACK_WAIT = causeIndex('callback-wait');

/**
 * What each agent of a campaign is doing right now. The provider knows best whether a phone rings or talks;
 * otherwise the agent's state in the dialer decides, and a free agent is idle for the first reason that holds:
 * window closed, nothing due in the queue, no rate token; if none holds, the dialer overlooked them.
 */
export class AgentTimeClassifier {
  /** The window's state holds until this instant (luxon is slow enough to matter at every stop of the clock). */
  private window: { readonly of: CallingWindow; readonly open: boolean; readonly until: number } | undefined;
  /** The campaign's agents, looked up once: the simulated floor does not change during the day. */
  private floor: AgentEntry[] | undefined;
  private readonly counts = noCauseCounts();

  constructor(
    private readonly index: DialerIndex,
    private readonly telephony: SimulatedTelephony,
    private readonly rate: RateMirror,
    private readonly campaignId: string,
  ) {}

  /** How many agents are doing what, right now (a buffer reused by the next call). */
  causes(nowMs: number): CauseCounts {
    const counts = this.counts;
    counts.fill(0);
    let freeAgentCause = -1;
    this.floor ??= [...this.index.agents.values()].filter((agent) => agent.campaigns.has(this.campaignId));
    for (const agent of this.floor) {
      const state = agent.state;
      if (state.status === 'unregistered' || state.status === 'offline') continue;
      const phase = this.telephony.phaseOf(state.phone);
      let cause: number;
      if (phase !== undefined) cause = PHASE_CAUSE[phase];
      else if (state.status === 'available') cause = freeAgentCause < 0 ? (freeAgentCause = causeIndex(this.freeAgentCause(nowMs))) : freeAgentCause;
      else cause = busyAgentCause(state);
      counts[cause] += 1;
    }
    return counts;
  }

  private freeAgentCause(nowMs: number): AgentTimeCause {
    const entry = this.index.campaigns.get(this.campaignId);
    const state = entry?.state;
    if (entry === undefined || state === undefined || state.status !== 'running') return 'no-eligible-contact';
    if (!this.isWindowOpen(state.settings.window, nowMs)) return 'window-closed';
    if (!entry.queue.hasReady(nowMs)) return 'no-eligible-contact';
    if (!this.rate.hasToken(nowMs)) return 'rate-limit';
    return 'dialer';
  }

  private isWindowOpen(window: CallingWindow, nowMs: number): boolean {
    const known = this.window;
    if (known !== undefined && known.of === window && nowMs < known.until) return known.open;
    const open = isWindowOpen(window, nowMs);
    const until = (open ? windowClosesAt(window, nowMs) : nextWindowOpening(window, nowMs)) ?? Number.POSITIVE_INFINITY;
    this.window = { of: window, open, until };
    return open;
  }
}

/** An agent with no live call on the provider's side who is not free. */
function busyAgentCause(state: Exclude<AgentState, { status: 'unregistered' | 'offline' | 'available' }>): number {
  switch (state.status) {
    case 'wrap-up':
      return WRAP_UP;
    case 'paused':
      return state.reason === MISSED_CALL_REASON ? MISSED_CALL_PAUSE : PAUSED;
    case 'reserved':
    case 'on-call':
      // the provider ended the call but the dialer has not heard yet (a late or lost callback)
      return CALLBACK_WAIT;
  }
}
