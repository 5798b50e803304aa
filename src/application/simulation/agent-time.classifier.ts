import type { AgentState } from '../../domain/agent/agent.state.js';
import { MISSED_CALL_REASON } from '../../domain/agent/agent.events.js';
import { isWindowOpen, nextWindowOpening, windowClosesAt, type CallingWindow } from '../../domain/dialing/calling-window.policy.js';
import type { AgentEntry, DialerIndex } from '../dialer/dialer-index.js';
import type { AgentTimeCause } from './agent-time.js';
import type { RateMirror } from './rate-mirror.js';
import type { CallPhase, SimulatedTelephony } from './simulation.ports.js';

const PHASE_CAUSE: Readonly<Record<CallPhase, AgentTimeCause>> = {
  'agent-ringing': 'agent-ring',
  'customer-ringing': 'customer-ring',
  talking: 'talk',
};

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

  constructor(
    private readonly index: DialerIndex,
    private readonly telephony: SimulatedTelephony,
    private readonly rate: RateMirror,
    private readonly campaignId: string,
  ) {}

  /** How many agents are doing what, right now. */
  causes(nowMs: number): Map<AgentTimeCause, number> {
    const causes = new Map<AgentTimeCause, number>();
    const add = (cause: AgentTimeCause) => causes.set(cause, (causes.get(cause) ?? 0) + 1);
    let freeAgentCause: AgentTimeCause | undefined;
    this.floor ??= [...this.index.agents.values()].filter((agent) => agent.campaigns.has(this.campaignId));
    for (const agent of this.floor) {
      const state = agent.state;
      if (state.status === 'unregistered' || state.status === 'offline') continue;
      const phase = this.telephony.phaseOf(state.phone);
      if (phase !== undefined) add(PHASE_CAUSE[phase]);
      else if (state.status === 'available') add((freeAgentCause ??= this.freeAgentCause(nowMs)));
      else add(busyAgentCause(state));
    }
    return causes;
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
function busyAgentCause(state: Exclude<AgentState, { status: 'unregistered' | 'offline' | 'available' }>): AgentTimeCause {
  switch (state.status) {
    case 'wrap-up':
      return 'wrap-up';
    case 'paused':
      return state.reason === MISSED_CALL_REASON ? 'missed-call-pause' : 'paused';
    case 'reserved':
    case 'on-call':
      // the provider ended the call but the dialer has not heard yet (a late or lost callback)
      return 'callback-wait';
  }
}
