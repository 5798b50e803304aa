import type { CommandBus } from '@nestjs/cqrs';
import { AgentCommandMessage } from '../../application/commands/command-messages.js';
import type { Dialer } from '../../application/dialer/dialer.js';
import type { Clock } from '../../application/ports/clock.port.js';

const CHECK_EVERY_MS = 15_000;
const READY_AFTER_MS = 30_000;

/**
 * In the demo nobody sits at the agents' phones: a missed call pauses an agent (`missed-call`), and a real
 * supervisor would make them ready again. This plays that supervisor for the demo's own agents only.
 */
export function superviseDemoAgents(bus: CommandBus, dialer: Dialer, clock: Clock, agentPrefix: string): () => void {
  let cancel = () => undefined as void;
  const check = async () => {
    const now = clock.now();
    for (const [agentId, { state }] of dialer.index.agents) {
      if (!agentId.startsWith(agentPrefix) || state.status !== 'paused' || state.reason !== 'missed-call') continue;
      if (now - Date.parse(state.since) < READY_AFTER_MS) continue;
      const at = new Date(now).toISOString();
      await bus.execute(new AgentCommandMessage({ type: 'MakeAgentAvailable', agentId, at }, { commandId: `demo-supervisor:${agentId}:${state.since}`, actor: 'demo-supervisor' })).catch(() => undefined);
    }
  };
  const schedule = () => {
    cancel = clock.setTimer(clock.now() + CHECK_EVERY_MS, () => {
      void check().finally(schedule);
    });
  };
  schedule();
  return () => cancel();
}
