import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { AgentCommand } from '../../../../domain/agent/agent.commands.js';
import type { AgentEvent } from '../../../../domain/agent/agent.events.js';
import type { CampaignCommand } from '../../../../domain/campaign/campaign.commands.js';
import type { CampaignEvent } from '../../../../domain/campaign/campaign.events.js';
import type { ContactCommand } from '../../../../domain/contact/contact.commands.js';
import { contactDecider } from '../../../../domain/contact/contact.decider.js';
import type { ContactEvent } from '../../../../domain/contact/contact.events.js';
import {
  AgentCommandMessage,
  CampaignCommandMessage,
  ContactCommandMessage,
} from '../../../../application/commands/command-messages.js';
import { handleCommand, type CommandResult } from '../../../../application/commands/handle-command.js';
import { streamOf } from '../../../../application/events/streams.js';
import { EVENT_STORE, type EventStore } from '../../../../application/ports/event-store.port.js';
import { ProjectionsService } from '../../../../application/projections/projections.service.js';
import { CLOCK, type Clock } from '../../../../application/ports/clock.port.js';

const ACTOR = 'api';

/** Puts the API's commands on the CommandBus, and lets a request wait until the read models show its writes. */
@Injectable()
export class CommandSender {
  constructor(
    @Inject(CommandBus) private readonly bus: CommandBus,
    @Inject(ProjectionsService) private readonly projections: ProjectionsService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  /** Business time for a command: the service clock. */
  now(): string {
    return new Date(this.clock.now()).toISOString();
  }

  nowMs(): number {
    return this.clock.now();
  }

  campaign(command: CampaignCommand, commandId: string): Promise<CommandResult<CampaignEvent>> {
    return this.bus.execute(new CampaignCommandMessage(command, { commandId, actor: ACTOR }));
  }

  contact(command: ContactCommand, commandId: string): Promise<CommandResult<ContactEvent>> {
    return this.bus.execute(new ContactCommandMessage(command, { commandId, actor: ACTOR }));
  }

  /**
   * For bulk imports: the same command handling (handleCommand: read, decide, append at the expected revision) as
   * the bus, without the shared stream-state cache, so a million streams written once do not fill it (hundreds of
   * MB) and do not evict the streams the dialer keeps hot. A stream missing from the cache is simply read.
   */
  contactUncached(command: ContactCommand, commandId: string): Promise<CommandResult<ContactEvent>> {
    return handleCommand(this.events, contactDecider, streamOf.contact(command.contactId), command, {
      commandId,
      actor: ACTOR,
    });
  }

  agent(command: AgentCommand, commandId: string): Promise<CommandResult<AgentEvent>> {
    return this.bus.execute(new AgentCommandMessage(command, { commandId, actor: ACTOR }));
  }

  /** Waits (bounded) until the read models include every given position, so the next read sees the writes. */
  async settle(...positions: (bigint | undefined)[]): Promise<void> {
    const last = positions.reduce<bigint | undefined>(
      (max, p) => (p !== undefined && (max === undefined || p > max) ? p : max),
      undefined,
    );
    await this.projections.waitFor(last);
  }
}
