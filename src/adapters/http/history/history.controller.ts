import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { streamOf } from '../../../application/events/streams.js';
import { StreamHistoryQuery, type HistoryEntry } from '../../../application/queries/stream-history.query.js';
import { ApiKeyGuard } from '../shared/api-key.guard.js';
import { parseId } from '../shared/parse.js';

/** The audit trail of one contact or agent: every event with its business time, recorded time and cause. */
@Controller('api')
@UseGuards(ApiKeyGuard)
export class HistoryController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  @Get('contacts/:id/history')
  contact(@Param('id') id: string): Promise<{ streamId: string; events: HistoryEntry[] }> {
    return this.history(streamOf.contact(parseId(id)));
  }

  @Get('agents/:id/history')
  agent(@Param('id') id: string): Promise<{ streamId: string; events: HistoryEntry[] }> {
    return this.history(streamOf.agent(parseId(id)));
  }

  @Get('campaigns/:id/history')
  campaign(@Param('id') id: string): Promise<{ streamId: string; events: HistoryEntry[] }> {
    return this.history(streamOf.campaign(parseId(id)));
  }

  private async history(streamId: string) {
    const events = await this.queries.execute<StreamHistoryQuery, HistoryEntry[]>(new StreamHistoryQuery(streamId));
    return { streamId, events };
  }
}
