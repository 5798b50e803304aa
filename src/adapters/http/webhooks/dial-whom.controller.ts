import { Controller, Get, Header, Inject, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { DialWhom } from '../../../application/dial-whom/dial-whom.js';
import { CLOCK, type Clock } from '../../../application/ports/clock.port.js';
import { ccmConnectAnswer, type CcmConnectAnswer } from './dial-whom.ccm-answer.js';
import { dialWhomRequestOf } from './dial-whom.query.js';
import { WebhookTokenGuard } from './webhook-token.guard.js';

/**
 * Exotel's Connect applet asks whom to dial (PROVIDERS.md section 5): the classic answer is the number(s) as
 * text, the programmable (CCM) one is JSON. Answered from memory plus a few appends, never a provider round trip,
 * well within Exotel's 10 s. Nobody free: 200 with no number, so the flow moves on (the caller is queued).
 */
@Controller('webhooks')
@UseGuards(WebhookTokenGuard)
export class DialWhomController {
  constructor(
    @Inject(DialWhom) private readonly dialWhom: DialWhom,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('exotel/dial-whom')
  @Header('Cache-Control', 'no-store')
  async exotel(@Query() query: unknown, @Res({ passthrough: true }) response: Response): Promise<string> {
    const answer = await this.dialWhom.answer(dialWhomRequestOf(query, this.clock.now()));
    // set only on success: a refused request answers JSON
    response.type('text/plain');
    return answer.agents.map((agent) => agent.phone).join(',');
  }

  @Get('ccm/connect')
  @Header('Cache-Control', 'no-store')
  async ccm(@Query() query: unknown): Promise<CcmConnectAnswer> {
    return ccmConnectAnswer(await this.dialWhom.answer(dialWhomRequestOf(query, this.clock.now())));
  }
}
