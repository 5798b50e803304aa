import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { DomainError } from '../../../../domain/shared/domain-error.js';
import { EVENT_STORE, type EventStore } from '../../../../application/ports/event-store.port.js';
import { loadCampaign } from '../../../../application/use-cases/campaigns/load-campaign.js';
import { StatsQueries } from '../../../../application/use-cases/stats/stats-queries.js';
import { ApiKeyGuard } from '../../shared/api-key.guard.js';
import { parseBody, parseId } from '../../shared/parse.js';
import { respond } from '../shared/respond.js';
import { AgentStatsResponse } from './agent-stats.response.js';
import { CampaignStatsResponse } from './campaign-stats.response.js';
import { StatsQuery } from './stats.request.js';

/** Counters per campaign and per agent, live or `?asOf=` a past moment (replayed from the log). */
@Controller('api')
@UseGuards(ApiKeyGuard)
export class StatsController {
  constructor(
    @Inject(StatsQueries) private readonly stats: StatsQueries,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  @Get('campaigns/:id/stats')
  async campaign(@Param('id') id: string, @Query() query: unknown): Promise<CampaignStatsResponse> {
    const campaignId = parseId(id);
    const { asOf } = parseBody(StatsQuery, query);
    await loadCampaign(this.events, campaignId);
    return respond(
      CampaignStatsResponse,
      await this.stats.campaign(campaignId, asOf === undefined ? undefined : Date.parse(asOf)),
    );
  }

  @Get('agents/:id/stats')
  async agent(@Param('id') id: string, @Query() query: unknown): Promise<AgentStatsResponse> {
    const agentId = parseId(id);
    const { asOf } = parseBody(StatsQuery, query);
    const stats = await this.stats.agent(agentId, asOf === undefined ? undefined : Date.parse(asOf));
    if (stats === undefined)
      throw new DomainError(
        'agent.not-found',
        `agent ${agentId} is not registered${asOf === undefined ? '' : ` at ${asOf}`}`,
      );
    return respond(AgentStatsResponse, { ...stats, campaigns: [...stats.campaigns] });
  }
}
