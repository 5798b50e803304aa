import type { AgentCommand } from '../../domain/agent/agent.commands.js';
import type { AgentEvent } from '../../domain/agent/agent.events.js';
import type { ContactCommand } from '../../domain/contact/contact.commands.js';
import type { ContactEvent } from '../../domain/contact/contact.events.js';
import type { CommandResult } from '../commands/handle-command.js';

/**
 * How Dial Whom writes: one domain command with a deterministic command id (a repeated id writes nothing and
 * answers what it wrote the first time). Rejections surface as `DomainError`.
 */
export interface DialWhomCommands {
  agent(command: AgentCommand, commandId: string): Promise<CommandResult<AgentEvent>>;
  contact(command: ContactCommand, commandId: string): Promise<CommandResult<ContactEvent>>;
}
