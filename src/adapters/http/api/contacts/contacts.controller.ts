import { Controller, Delete, Get, Inject, Param, UseGuards } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../../../../application/ports/event-store.port.js';
import { contactDetails } from '../../../../application/use-cases/contacts/contact-details.js';
import { ApiKeyGuard } from '../../shared/api-key.guard.js';
import { parseId } from '../../shared/parse.js';
import { CommandIds } from '../shared/command-ids.js';
import { CommandSender } from '../shared/command-sender.js';
import { respond } from '../shared/respond.js';
import { ContactResponse } from './contact.response.js';
import { contactView } from './contact.view.js';

/** One contact: its state, attempts and dispositions; removal from its campaign's queue. */
@Controller('api/contacts')
@UseGuards(ApiKeyGuard)
export class ContactsController {
  constructor(
    @Inject(CommandSender) private readonly commands: CommandSender,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  @Get(':id')
  async get(@Param('id') id: string): Promise<ContactResponse> {
    return respond(ContactResponse, contactView(await contactDetails(this.events, parseId(id))));
  }

  /** RemoveContact: the contact ends `removed` (409 while it is on a call). */
  @Delete(':id')
  async remove(@Param('id') id: string): Promise<ContactResponse> {
    const contactId = parseId(id);
    const result = await this.commands.contact(
      { type: 'RemoveContact', contactId, at: this.commands.now() },
      CommandIds.none().for('remove'),
    );
    await this.commands.settle(result.position);
    return respond(ContactResponse, contactView(await contactDetails(this.events, contactId)));
  }
}
