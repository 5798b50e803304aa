import { Controller, HttpException, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DIALER_METRICS, type DialerMetrics } from '../../../application/ports/dialer-metrics.port.js';
import { DialerService } from '../../dialer/dialer.service.js';
import { CallbackParseError } from '../../telephony/callback-parse.error.js';
import { BODY_AT_FAULT } from '../shared/api-error.filter.js';
import { CallbackBodyTooLarge, callbackBody } from './raw-callback-body.js';
import { callbackAnswer, callbackRefusal, receiveStatusCallback, type CallbackProvider } from './status-callback.receiver.js';
import { WebhookTokenGuard } from './webhook-token.guard.js';

/**
 * Provider call events. Record and return: no provider round trip happens inside a webhook. Duplicates and
 * out-of-order events change nothing; a call we never placed is a counted orphan (200, so Exotel stops retrying).
 * Well-formed JSON callbacks with the right token usually arrive through the fast lane instead
 * (`status-callback.fast-lane.ts`); this controller takes every other shape, and answers them the same way.
 */
@Controller('webhooks')
@UseGuards(WebhookTokenGuard)
export class StatusCallbacksController {
  constructor(
    @Inject(DialerService) private readonly dialer: DialerService,
    @Inject(DIALER_METRICS) private readonly metrics: DialerMetrics,
  ) {}

  @Post('exotel/status')
  exotel(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.receive('exotel-v1', request, response);
  }

  @Post('ccm/status')
  ccm(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.receive('ccm-v2', request, response);
  }

  private async receive(provider: CallbackProvider, request: Request, response: Response): Promise<void> {
    let result;
    try {
      result = await receiveStatusCallback(this.dialer.dialer, this.metrics, provider, await callbackBody(request));
    } catch (error) {
      if (error instanceof CallbackBodyTooLarge) {
        // the rest of the body is never read: the connection cannot be reused
        request.res?.setHeader('Connection', 'close');
        throw new HttpException({ error: 'body-too-large', message: error.message, ...BODY_AT_FAULT }, 413);
      }
      if (error instanceof CallbackParseError) throw new HttpException(callbackRefusal(error), 400);
      throw error;
    }
    // errors leave through the exception filter, as thrown above; the fixed answers are written directly
    const body = callbackAnswer(result);
    response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length });
    response.end(body);
  }
}
