import {
  Controller,
  HttpCode,
  Inject,
  Param,
  Post,
  Req,
  UnsupportedMediaTypeException,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import type { Request } from 'express';
import { EVENT_STORE, type EventStore } from '../../../../application/ports/event-store.port.js';
import {
  READ_MODEL_STORE,
  type ReadModelStore,
} from '../../../../application/ports/read-model-store.port.js';
import {
  queueKeys,
  queueProjection,
  type QueueRow,
} from '../../../../application/projections/queue.projection.js';
import { DomainError } from '../../../../domain/shared/domain-error.js';
import { loadCampaign } from '../../../../application/use-cases/campaigns/load-campaign.js';
import type { ImportRow } from '../../../../application/use-cases/contacts/contact-row.js';
import {
  importContacts,
  type ImportContactsDeps,
} from '../../../../application/use-cases/import-contacts.js';
import { ApiKeyGuard } from '../../shared/api-key.guard.js';
import { parseBody, parseId } from '../../shared/parse.js';
import { CommandIds, Ids } from '../shared/command-ids.js';
import { CommandSender } from '../shared/command-sender.js';
import { IdempotencyInterceptor } from '../shared/idempotency.interceptor.js';
import { respond } from '../shared/respond.js';
import { csvImportRows } from './csv-import-rows.js';
import { JsonRowsBody } from './import-contacts.request.js';
import { ImportContactsResponse } from './import-contacts.response.js';

async function* jsonImportRows(items: readonly unknown[]): AsyncGenerator<ImportRow> {
  for (const [index, item] of items.entries()) {
    const row = index + 1;
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      yield { row, fields: {}, problem: 'a contact must be a JSON object' };
    else yield { row, fields: item as Record<string, unknown> };
  }
}

/**
 * `POST /api/campaigns/:id/contacts`: a JSON array (up to the 1 MB body limit) or `text/csv` of any size. The CSV
 * body bypasses the body parsers: it is read from the request stream record by record, and contacts are written
 * in batches, so memory does not grow with the file.
 */
@Controller('api/campaigns')
@UseGuards(ApiKeyGuard)
@UseInterceptors(IdempotencyInterceptor)
export class ImportContactsController {
  constructor(
    @Inject(CommandSender) private readonly commands: CommandSender,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
  ) {}

  @Post(':id/contacts')
  @HttpCode(200)
  async import(
    @Param('id') id: string,
    @Req() request: Request,
    @Ids() ids: CommandIds,
  ): Promise<ImportContactsResponse> {
    const campaignId = parseId(id);
    const campaign = await loadCampaign(this.events, campaignId);
    if (campaign.status === 'completed' || campaign.status === 'stopped')
      // nothing dials a finished campaign again: contacts added to it would wait forever
      throw new DomainError('campaign.closed', `campaign ${campaignId} is ${campaign.status}: it takes no more contacts; create a new campaign`);
    const rows = this.rowsOf(request);
    const deps: ImportContactsDeps = {
      addContact: (command, commandId) => this.commands.contactUncached(command, commandId),
      commandIdFor: (contactId) => ids.for(`contact:${contactId}`),
      now: () => this.commands.now(),
      campaignOf: (contactId) =>
        this.readModels.get<QueueRow>(queueProjection.name, queueKeys.contact(contactId))?.campaignId,
    };
    const { lastPosition, ...report } = await importContacts(campaignId, rows, deps);
    await this.commands.settle(lastPosition);
    return respond(ImportContactsResponse, report);
  }

  private rowsOf(request: Request): AsyncIterable<ImportRow> {
    if (request.is(['text/csv', 'application/csv'])) return csvImportRows(request);
    if (request.is('application/json')) return jsonImportRows(parseBody(JsonRowsBody, request.body));
    throw new UnsupportedMediaTypeException({
      error: 'unsupported-media-type',
      message: 'send a JSON array (application/json) or a CSV file (text/csv)',
    });
  }
}
