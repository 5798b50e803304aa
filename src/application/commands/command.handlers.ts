import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { agentDecider } from '../../domain/agent/agent.decider.js';
import type { AgentEvent } from '../../domain/agent/agent.events.js';
import { campaignDecider } from '../../domain/campaign/campaign.decider.js';
import type { CampaignEvent } from '../../domain/campaign/campaign.events.js';
import { contactDecider } from '../../domain/contact/contact.decider.js';
import type { ContactEvent } from '../../domain/contact/contact.events.js';
import { streamOf } from '../events/streams.js';
import { EVENT_STORE, type EventStore } from '../ports/event-store.port.js';
import { AgentCommandMessage, CampaignCommandMessage, ContactCommandMessage } from './command-messages.js';
import { handleCommand, type CommandResult } from './handle-command.js';
import { StreamStateCache } from './stream-state.cache.js';

@CommandHandler(CampaignCommandMessage)
export class CampaignCommandHandler implements ICommandHandler<CampaignCommandMessage, CommandResult<CampaignEvent>> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(StreamStateCache) private readonly cache: StreamStateCache,
  ) {}

  execute({ command, context }: CampaignCommandMessage) {
    return handleCommand(this.store, campaignDecider, streamOf.campaign(command.campaignId), command, context, { cache: this.cache });
  }
}

@CommandHandler(ContactCommandMessage)
export class ContactCommandHandler implements ICommandHandler<ContactCommandMessage, CommandResult<ContactEvent>> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(StreamStateCache) private readonly cache: StreamStateCache,
  ) {}

  execute({ command, context }: ContactCommandMessage) {
    return handleCommand(this.store, contactDecider, streamOf.contact(command.contactId), command, context, { cache: this.cache });
  }
}

@CommandHandler(AgentCommandMessage)
export class AgentCommandHandler implements ICommandHandler<AgentCommandMessage, CommandResult<AgentEvent>> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(StreamStateCache) private readonly cache: StreamStateCache,
  ) {}

  execute({ command, context }: AgentCommandMessage) {
    return handleCommand(this.store, agentDecider, streamOf.agent(command.agentId), command, context, { cache: this.cache });
  }
}

export const COMMAND_HANDLERS = [CampaignCommandHandler, ContactCommandHandler, AgentCommandHandler];
