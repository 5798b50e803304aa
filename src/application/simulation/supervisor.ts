import { agentDecider } from '../../domain/agent/agent.decider.js';
import { MISSED_CALL_REASON } from '../../domain/agent/agent.events.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import { handleCommand } from '../commands/handle-command.js';
import type { StreamStateCache } from '../commands/stream-state.cache.js';
import { streamOf } from '../events/streams.js';
import type { EventStore } from '../ports/event-store.port.js';
import type { ObservedAppend } from './observed.event-store.js';
import type { PendingWork } from './pending-work.js';
import type { SteppingClock } from './simulation.ports.js';

/**
 * Plays the supervisor on the floor: an agent the dialer paused after a missed call is made ready again after a
 * fixed delay, as a person watching the dashboard would.
 */
export class Supervisor {
  private readied = 0;

  constructor(
    private readonly events: EventStore,
    private readonly cache: StreamStateCache,
    private readonly clock: SteppingClock,
    private readonly pending: PendingWork,
    private readonly readyDelayMs: number,
  ) {}

  /** Agents made ready again so far. */
  get readiedAgents(): number {
    return this.readied;
  }

  observe(append: ObservedAppend): void {
    for (const event of append.events) {
      if (event.type !== 'AgentPaused') continue;
      const { agentId, reason } = event.data as { agentId: string; reason: string };
      if (reason !== MISSED_CALL_REASON) continue;
      const pausedAt = this.clock.now();
      this.clock.setTimer(pausedAt + this.readyDelayMs, () => this.pending.track(this.makeReady(agentId, pausedAt)));
    }
  }

  private async makeReady(agentId: string, pausedAt: number): Promise<void> {
    const at = new Date(this.clock.now()).toISOString();
    try {
      const result = await handleCommand(
        this.events,
        agentDecider,
        streamOf.agent(agentId),
        { type: 'MakeAgentAvailable', agentId, at },
        { commandId: `supervisor:${agentId}:${pausedAt}`, actor: 'supervisor' },
        { cache: this.cache },
      );
      if (result.events.length > 0) this.readied += 1;
    } catch (error) {
      // the agent moved on meanwhile (logged out, or busy again): nothing to do
      if (!(error instanceof DomainError)) throw error;
    }
  }
}
