import { CommandBus } from '@nestjs/cqrs';
import {
  AgentCommandMessage,
  ContactCommandMessage,
} from '../../../application/commands/command-messages.js';
import type { CommandResult } from '../../../application/commands/handle-command.js';
import type { DialWhomCommands } from '../../../application/dial-whom/dial-whom.commands.js';
import type { AgentCommand } from '../../../domain/agent/agent.commands.js';
import type { AgentEvent } from '../../../domain/agent/agent.events.js';
import type { ContactCommand } from '../../../domain/contact/contact.commands.js';
import type { ContactEvent } from '../../../domain/contact/contact.events.js';

const ACTOR = 'webhook:dial-whom';

/** Dial Whom's writes, through the CommandBus (handleCommand with the shared stream-state cache). */
export class BusDialWhomCommands implements DialWhomCommands {
  constructor(private readonly bus: CommandBus) {}

  agent(command: AgentCommand, commandId: string): Promise<CommandResult<AgentEvent>> {
    return this.bus.execute(new AgentCommandMessage(command, { commandId, actor: ACTOR }));
  }

  contact(command: ContactCommand, commandId: string): Promise<CommandResult<ContactEvent>> {
    return this.bus.execute(new ContactCommandMessage(command, { commandId, actor: ACTOR }));
  }
}
