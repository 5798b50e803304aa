import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import type { AgentCommand } from '../../../../domain/agent/agent.commands.js';
import { guardDisposition } from '../../../../domain/contact/contact-guards.js';
import { EVENT_STORE, type EventStore } from '../../../../application/ports/event-store.port.js';
import {
  READ_MODEL_STORE,
  type ReadModelStore,
} from '../../../../application/ports/read-model-store.port.js';
import {
  presenceKey,
  presenceProjection,
  type PresenceRow,
} from '../../../../application/projections/presence.projection.js';
import { dispositionTarget } from '../../../../application/use-cases/agents/disposition-target.js';
import { loadAgent } from '../../../../application/use-cases/agents/load-agent.js';
import { loadCampaign } from '../../../../application/use-cases/campaigns/load-campaign.js';
import { contactDetails } from '../../../../application/use-cases/contacts/contact-details.js';
import { ApiKeyGuard } from '../../shared/api-key.guard.js';
import { parseBody, parseId } from '../../shared/parse.js';
import { ContactResponse } from '../contacts/contact.response.js';
import { contactView } from '../contacts/contact.view.js';
import { CommandIds, Ids } from '../shared/command-ids.js';
import { CommandSender } from '../shared/command-sender.js';
import { IdempotencyInterceptor } from '../shared/idempotency.interceptor.js';
import { respond } from '../shared/respond.js';
import { AgentListResponse, AgentResponse, ListAgentsQuery } from './agent.response.js';
import { agentViewOfRow, agentViewOfState } from './agent.view.js';
import { DispositionRequest } from './disposition.request.js';
import { PauseAgentRequest } from './pause-agent.request.js';
import { RegisterAgentRequest } from './register-agent.request.js';

/** Agents: register, presence (ready / pause / logout), and the disposition of their calls. */
@Controller('api/agents')
@UseGuards(ApiKeyGuard)
@UseInterceptors(IdempotencyInterceptor)
export class AgentsController {
  constructor(
    @Inject(CommandSender) private readonly commands: CommandSender,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
  ) {}

  @Post()
  @HttpCode(201)
  async register(@Body() body: unknown, @Ids() ids: CommandIds): Promise<AgentResponse> {
    const { id, name, phone, ccmUserId, campaigns = [] } = parseBody(RegisterAgentRequest, body);
    const agentId = id ?? ids.newId();
    for (const campaignId of new Set(campaigns)) await loadCampaign(this.events, campaignId);
    const command: AgentCommand = {
      type: 'RegisterAgent',
      agentId,
      name,
      phone,
      ...(ccmUserId === undefined ? {} : { ccmUserId }),
      at: this.commands.now(),
    };
    const positions = [(await this.commands.agent(command, ids.for('register'))).position];
    for (const campaignId of new Set(campaigns)) {
      positions.push(
        (
          await this.commands.campaign(
            { type: 'AssignAgent', campaignId, agentId, at: this.commands.now() },
            ids.for(`assign:${campaignId}`),
          )
        ).position,
      );
    }
    return this.answer(agentId, ...positions);
  }

  @Get()
  list(@Query() query: unknown): AgentListResponse {
    const { campaignId, status } = parseBody(ListAgentsQuery, query);
    const rows = this.readModels
      .list<PresenceRow>(presenceProjection.name)
      .filter(
        (row) =>
          row.name !== '' &&
          (campaignId === undefined || row.campaigns.includes(campaignId)) &&
          (status === undefined || row.status === status),
      );
    return respond(AgentListResponse, { agents: rows.map(agentViewOfRow) });
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<AgentResponse> {
    return this.answer(parseId(id));
  }

  @Post(':id/ready')
  @HttpCode(200)
  ready(@Param('id') id: string, @Ids() ids: CommandIds): Promise<AgentResponse> {
    return this.send({ type: 'MakeAgentAvailable', agentId: parseId(id), at: this.commands.now() }, ids);
  }

  @Post(':id/pause')
  @HttpCode(200)
  pause(@Param('id') id: string, @Body() body: unknown, @Ids() ids: CommandIds): Promise<AgentResponse> {
    const agentId = parseId(id);
    const { reason } = parseBody(PauseAgentRequest, body);
    return this.send({ type: 'PauseAgent', agentId, reason, at: this.commands.now() }, ids);
  }

  @Post(':id/logout')
  @HttpCode(200)
  logout(@Param('id') id: string, @Ids() ids: CommandIds): Promise<AgentResponse> {
    return this.send({ type: 'LogoutAgent', agentId: parseId(id), at: this.commands.now() }, ids);
  }

  /** RecordDisposition on the contact of the agent's current or last call (or the one named). */
  @Post(':id/disposition')
  @HttpCode(200)
  async disposition(
    @Param('id') id: string,
    @Body() body: unknown,
    @Ids() ids: CommandIds,
  ): Promise<ContactResponse> {
    const agentId = parseId(id);
    const { code, note, callbackAt, contactId, attemptId } = parseBody(DispositionRequest, body);
    guardDisposition({ code, ...(note === undefined ? {} : { note }) }); // a bad value is a 400 before anything is looked up
    const target = dispositionTarget(await loadAgent(this.events, agentId), {
      ...(contactId === undefined ? {} : { contactId }),
      ...(attemptId === undefined ? {} : { attemptId }),
    });
    const result = await this.commands.contact(
      {
        type: 'RecordDisposition',
        contactId: target.contactId,
        agentId,
        code,
        ...(target.attemptId === undefined ? {} : { attemptId: target.attemptId }),
        ...(note === undefined ? {} : { note }),
        ...(callbackAt === undefined ? {} : { callbackAt: new Date(callbackAt).toISOString() }),
        at: this.commands.now(),
      },
      ids.for('disposition'),
    );
    await this.commands.settle(result.position);
    return respond(ContactResponse, contactView(await contactDetails(this.events, target.contactId)));
  }

  private async send(command: AgentCommand, ids: CommandIds): Promise<AgentResponse> {
    const result = await this.commands.agent(command, ids.for(command.type));
    return this.answer(command.agentId, result.position);
  }

  private async answer(agentId: string, ...positions: (bigint | undefined)[]): Promise<AgentResponse> {
    await this.commands.settle(...positions);
    const { state } = await loadAgent(this.events, agentId);
    const row = this.readModels.get<PresenceRow>(presenceProjection.name, presenceKey(agentId));
    return respond(AgentResponse, agentViewOfState(state, row?.campaigns ?? []));
  }
}
