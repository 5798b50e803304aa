import { CommandBus } from '@nestjs/cqrs';
import { AgentCommandMessage, CampaignCommandMessage, ContactCommandMessage } from '../../src/application/commands/command-messages.js';
import type { CampaignSettingsInput } from '../../src/domain/campaign/campaign-settings.js';
import { DialerService } from '../../src/adapters/dialer/dialer.service.js';
import { SANDBOX } from '../../src/adapters/telephony/telephony.module.js';
import type { Sandbox } from '../../src/adapters/telephony/sandbox/sandbox.js';
import type { VirtualClock } from '../../src/adapters/clock/virtual.clock.js';
import type { TestService } from './test-service.js';

export interface CampaignPlan {
  readonly campaignId: string;
  readonly agents: number;
  readonly contacts: number;
  readonly settings?: Partial<CampaignSettingsInput>;
}

let commandNo = 0;
const ctx = () => ({ commandId: `setup-${(commandNo += 1)}`, actor: 'test' });

export const agentPhone = (n: number) => `+9199${String(10_000_000 + n)}`;
export const contactPhone = (n: number) => `+9198${String(10_000_000 + n)}`;

/** Creates a campaign with its agents (ready) and contacts, and starts it. */
export async function setUpCampaign(service: TestService, plan: CampaignPlan, at: string): Promise<void> {
  const bus = service.app.get(CommandBus);
  const { campaignId } = plan;
  await bus.execute(new CampaignCommandMessage({ type: 'CreateCampaign', campaignId, at, settings: { name: `Campaign ${campaignId}`, callerId: '+918047112233', provider: 'sandbox', ...plan.settings } }, ctx()));
  for (let n = 1; n <= plan.agents; n += 1) {
    const agentId = `${campaignId}-agent-${n}`;
    await bus.execute(new AgentCommandMessage({ type: 'RegisterAgent', agentId, name: `Agent ${n}`, phone: agentPhone(n), at }, ctx()));
    await bus.execute(new CampaignCommandMessage({ type: 'AssignAgent', campaignId, agentId, at }, ctx()));
    await bus.execute(new AgentCommandMessage({ type: 'MakeAgentAvailable', agentId, at }, ctx()));
  }
  for (let n = 1; n <= plan.contacts; n += 1) {
    await bus.execute(new ContactCommandMessage({ type: 'AddContact', contactId: `${campaignId}-contact-${n}`, campaignId, phone: contactPhone(n), at }, ctx()));
  }
  await bus.execute(new CampaignCommandMessage({ type: 'StartCampaign', campaignId, at }, ctx()));
}

/** Waits until the dialer and the sandbox have nothing under way (real I/O included). */
export async function quiesce(service: TestService): Promise<void> {
  const dialer = service.app.get(DialerService).dialer;
  const sandbox = service.app.get<Sandbox>(SANDBOX);
  for (let calm = 0; calm < 3; ) {
    await dialer.idle();
    await sandbox.settled();
    await new Promise((resolve) => setTimeout(resolve, 2));
    calm = dialer.isIdle() ? calm + 1 : 0;
  }
}

/** What a supervisor does: an agent paused after a missed call is made ready again (here after a minute). */
export async function readyMissedAgents(service: TestService, clock: VirtualClock): Promise<number> {
  const dialer = service.app.get(DialerService).dialer;
  const bus = service.app.get(CommandBus);
  let readied = 0;
  for (const [agentId, agent] of dialer.index.agents) {
    const state = agent.state;
    if (state.status !== 'paused' || state.reason !== 'missed-call' || clock.now() - Date.parse(state.since) < 60_000) continue;
    await bus.execute(new AgentCommandMessage({ type: 'MakeAgentAvailable', agentId, at: new Date(clock.now()).toISOString() }, ctx()));
    readied += 1;
  }
  return readied;
}

/** Runs virtual time forward, timer by timer (at most a minute at a time), until `done()` or nothing is left to do. */
export async function runUntil(service: TestService, clock: VirtualClock, done: () => boolean, maxSteps = 200_000): Promise<number> {
  let steps = 0;
  await quiesce(service);
  while (!done() && steps < maxSteps) {
    const next = clock.nextTimerAt();
    const readied = await readyMissedAgents(service, clock);
    if (next === undefined && readied === 0) break;
    clock.advanceTo(Math.min(next ?? Number.POSITIVE_INFINITY, clock.now() + 60_000));
    steps += 1;
    await quiesce(service);
  }
  return steps;
}
