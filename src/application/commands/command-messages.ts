import type { AgentCommand } from '../../domain/agent/agent.commands.js';
import type { CampaignCommand } from '../../domain/campaign/campaign.commands.js';
import type { ContactCommand } from '../../domain/contact/contact.commands.js';
import type { CommandContext } from './handle-command.js';

/** What controllers, the CLI and the dialer put on the CommandBus: a domain command plus who/why. */
export class CampaignCommandMessage {
  constructor(
    readonly command: CampaignCommand,
    readonly context: CommandContext,
  ) {}
}

export class ContactCommandMessage {
  constructor(
    readonly command: ContactCommand,
    readonly context: CommandContext,
  ) {}
}

export class AgentCommandMessage {
  constructor(
    readonly command: AgentCommand,
    readonly context: CommandContext,
  ) {}
}
