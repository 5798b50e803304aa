import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { DoNotCallList } from '../../../../application/use-cases/do-not-call/do-not-call-list.js';
import { ApiKeyGuard } from '../../shared/api-key.guard.js';
import { parseBody } from '../../shared/parse.js';
import { CommandIds, Ids } from '../shared/command-ids.js';
import { CommandSender } from '../shared/command-sender.js';
import { IdempotencyInterceptor } from '../shared/idempotency.interceptor.js';
import { respond } from '../shared/respond.js';
import { AddToDoNotCallRequest } from './dnc.request.js';
import { DoNotCallListResponse, DoNotCallResponse } from './dnc.response.js';

const context = (commandId: string) => ({ commandId, actor: 'api' });

/** The internal do-not-call list; the dialer checks it right before every dial. `:phone` in any form (URL-encode the +). */
@Controller('api/dnc')
@UseGuards(ApiKeyGuard)
@UseInterceptors(IdempotencyInterceptor)
export class DoNotCallController {
  constructor(
    @Inject(DoNotCallList) private readonly list: DoNotCallList,
    @Inject(CommandSender) private readonly commands: CommandSender,
  ) {}

  @Get()
  async all(): Promise<DoNotCallListResponse> {
    return respond(DoNotCallListResponse, { numbers: await this.list.list() });
  }

  @Get(':phone')
  async one(@Param('phone') phone: string): Promise<DoNotCallResponse> {
    return respond(DoNotCallResponse, await this.list.entry(phone));
  }

  @Post(':phone')
  @HttpCode(200)
  async add(
    @Param('phone') phone: string,
    @Body() body: unknown,
    @Ids() ids: CommandIds,
  ): Promise<DoNotCallResponse> {
    const { reason } = parseBody(AddToDoNotCallRequest, body);
    const { entry } = await this.list.add(phone, reason, this.commands.now(), context(ids.for('dnc-add')));
    return respond(DoNotCallResponse, entry);
  }

  @Delete(':phone')
  async remove(@Param('phone') phone: string): Promise<DoNotCallResponse> {
    const { entry } = await this.list.remove(
      phone,
      this.commands.now(),
      context(CommandIds.none().for('dnc-remove')),
    );
    return respond(DoNotCallResponse, entry);
  }
}
