import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Query,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import type { CampaignCommand } from '../../../../domain/campaign/campaign.commands.js';
import { DEFAULT_SETTINGS } from '../../../../domain/campaign/campaign-settings.js';
import { DomainError } from '../../../../domain/shared/domain-error.js';
import { EVENT_STORE, type EventStore } from '../../../../application/ports/event-store.port.js';
import { requireAgents } from '../../../../application/use-cases/agents/load-agent.js';
import { ListCampaigns } from '../../../../application/use-cases/campaigns/list-campaigns.js';
import { loadCampaign } from '../../../../application/use-cases/campaigns/load-campaign.js';
import { settingsChanges } from '../../../../application/use-cases/campaigns/settings-changes.js';
import { CONFIG, type Config } from '../../../config/config.js';
import { ApiKeyGuard } from '../../shared/api-key.guard.js';
import { parseBody, parseId } from '../../shared/parse.js';
import { CommandIds, Ids } from '../shared/command-ids.js';
import { CommandSender } from '../shared/command-sender.js';
import { IdempotencyInterceptor } from '../shared/idempotency.interceptor.js';
import { respond } from '../shared/respond.js';
import { AssignAgentsRequest } from './campaign-agents.request.js';
import { CampaignListResponse, CampaignResponse, ListCampaignsQuery } from './campaign.response.js';
import { campaignView } from './campaign.view.js';
import { CreateCampaignRequest } from './create-campaign.request.js';
import { PauseCampaignRequest } from './pause-campaign.request.js';
import { UpdateCampaignRequest } from './update-campaign.request.js';

type Control = 'StartCampaign' | 'ResumeCampaign' | 'StopCampaign';

/** Campaigns: create, read, edit settings (draft or paused), control, assign agents. */
@Controller('api/campaigns')
@UseGuards(ApiKeyGuard)
@UseInterceptors(IdempotencyInterceptor)
export class CampaignsController {
  constructor(
    @Inject(CommandSender) private readonly commands: CommandSender,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(ListCampaigns) private readonly listCampaigns: ListCampaigns,
  ) {}

  @Post()
  @HttpCode(201)
  async create(@Body() body: unknown, @Ids() ids: CommandIds): Promise<CampaignResponse> {
    const { id, agentIds = [], ...input } = parseBody(CreateCampaignRequest, body);
    const campaignId = id ?? ids.newId();
    const callerId = input.callerId ?? this.config.telephony.callerId;
    if (callerId === undefined)
      throw new DomainError(
        'campaign.invalid-settings',
        'callerId is required (no EXOTEL_CALLER_ID is configured)',
        'callerId',
      );
    const provider = input.provider ?? this.config.telephony.provider;
    const settings = {
      ...settingsChanges({ ...DEFAULT_SETTINGS, provider }, input),
      name: input.name,
      callerId,
      provider,
    };
    await requireAgents(this.events, agentIds);
    const created = await this.commands.campaign(
      { type: 'CreateCampaign', campaignId, settings, at: this.commands.now() },
      ids.for('create'),
    );
    const positions = [created.position];
    for (const agentId of new Set(agentIds)) {
      positions.push(
        (
          await this.commands.campaign(
            { type: 'AssignAgent', campaignId, agentId, at: this.commands.now() },
            ids.for(`assign:${agentId}`),
          )
        ).position,
      );
    }
    return this.answer(campaignId, ...positions);
  }

  @Get()
  async list(@Query() query: unknown): Promise<CampaignListResponse> {
    const { status } = parseBody(ListCampaignsQuery, query);
    const campaigns = await this.listCampaigns.execute(status === undefined ? {} : { status });
    return respond(CampaignListResponse, { campaigns: campaigns.map(campaignView) });
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<CampaignResponse> {
    return respond(CampaignResponse, campaignView(await loadCampaign(this.events, parseId(id))));
  }

  @Patch(':id')
  async update(@Param('id') id: string, @Body() body: unknown): Promise<CampaignResponse> {
    const campaignId = parseId(id);
    const input = parseBody(UpdateCampaignRequest, body);
    const current = await loadCampaign(this.events, campaignId);
    const changes = settingsChanges(current.settings, input);
    const result = await this.commands.campaign(
      { type: 'UpdateCampaign', campaignId, changes, at: this.commands.now() },
      CommandIds.none().for('update'),
    );
    return this.answer(campaignId, result.position);
  }

  @Post(':id/start')
  @HttpCode(200)
  start(@Param('id') id: string, @Ids() ids: CommandIds): Promise<CampaignResponse> {
    return this.control(id, 'StartCampaign', ids);
  }

  @Post(':id/pause')
  @HttpCode(200)
  async pause(
    @Param('id') id: string,
    @Body() body: unknown,
    @Ids() ids: CommandIds,
  ): Promise<CampaignResponse> {
    const campaignId = parseId(id);
    const { reason = 'operator' } = parseBody(PauseCampaignRequest, body);
    const result = await this.commands.campaign(
      { type: 'PauseCampaign', campaignId, reason, at: this.commands.now() },
      ids.for('pause'),
    );
    return this.answer(campaignId, result.position);
  }

  @Post(':id/resume')
  @HttpCode(200)
  resume(@Param('id') id: string, @Ids() ids: CommandIds): Promise<CampaignResponse> {
    return this.control(id, 'ResumeCampaign', ids);
  }

  @Post(':id/stop')
  @HttpCode(200)
  stop(@Param('id') id: string, @Ids() ids: CommandIds): Promise<CampaignResponse> {
    return this.control(id, 'StopCampaign', ids);
  }

  @Post(':id/agents')
  @HttpCode(200)
  async assign(
    @Param('id') id: string,
    @Body() body: unknown,
    @Ids() ids: CommandIds,
  ): Promise<CampaignResponse> {
    const campaignId = parseId(id);
    const { agentIds } = parseBody(AssignAgentsRequest, body);
    await loadCampaign(this.events, campaignId);
    await requireAgents(this.events, agentIds);
    const positions = [];
    for (const agentId of new Set(agentIds)) {
      positions.push(
        (
          await this.commands.campaign(
            { type: 'AssignAgent', campaignId, agentId, at: this.commands.now() },
            ids.for(`assign:${agentId}`),
          )
        ).position,
      );
    }
    return this.answer(campaignId, ...positions);
  }

  @Delete(':id/agents/:agentId')
  async unassign(@Param('id') id: string, @Param('agentId') agentId: string): Promise<CampaignResponse> {
    const campaignId = parseId(id);
    const command: CampaignCommand = {
      type: 'UnassignAgent',
      campaignId,
      agentId: parseId(agentId, 'agentId'),
      at: this.commands.now(),
    };
    const result = await this.commands.campaign(command, CommandIds.none().for('unassign'));
    return this.answer(campaignId, result.position);
  }

  private async control(id: string, type: Control, ids: CommandIds): Promise<CampaignResponse> {
    const campaignId = parseId(id);
    const result = await this.commands.campaign({ type, campaignId, at: this.commands.now() }, ids.for(type));
    return this.answer(campaignId, result.position);
  }

  private async answer(campaignId: string, ...positions: (bigint | undefined)[]): Promise<CampaignResponse> {
    await this.commands.settle(...positions);
    return respond(CampaignResponse, campaignView(await loadCampaign(this.events, campaignId)));
  }
}
