import { Controller, HttpException, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { IngestResult } from '../../../application/dialer/dialer.js';
import { DIALER_METRICS, type DialerMetrics } from '../../../application/ports/dialer-metrics.port.js';
import type { CallProgress } from '../../../application/ports/telephony.port.js';
import { DialerService } from '../../dialer/dialer.service.js';
import { CallbackParseError } from '../../telephony/callback-parse.error.js';
import { parseCcmV2Callback } from '../../telephony/ccm-v2/callback.parser.js';
import { parseExotelV1Callback } from '../../telephony/exotel-v1/callback.parser.js';
import { CallbackBodyTooLarge, callbackBody } from './raw-callback-body.js';
import { WebhookTokenGuard } from './webhook-token.guard.js';

/**
 * Provider call events. Record and return: no provider round trip happens inside a webhook. Duplicates and
 * out-of-order events change nothing; a call we never placed is a counted orphan (200, so Exotel stops retrying).
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
    return this.receive('exotel-v1', request, response, (body) => parseExotelV1Callback(body));
  }

  @Post('ccm/status')
  ccm(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.receive('ccm-v2', request, response, (body) => parseCcmV2Callback(body));
  }

  private async receive(provider: string, request: Request, response: Response, parse: (body: Record<string, unknown>) => CallProgress): Promise<void> {
    const started = performance.now();
    let progress: CallProgress;
    try {
      progress = parse(await callbackBody(request));
    } catch (error) {
      if (error instanceof CallbackBodyTooLarge) {
        // the rest of the body is never read: the connection cannot be reused
        request.res?.setHeader('Connection', 'close');
        throw new HttpException({ error: 'body-too-large', message: error.message }, 413);
      }
      if (error instanceof CallbackParseError) {
        throw new HttpException({ error: 'malformed-callback', message: error.message, details: { field: error.field } }, 400);
      }
      throw error;
    }
    const result = await this.dialer.dialer.ingest(progress);
    if (result === 'orphan') this.metrics.orphanCallback(provider);
    this.metrics.webhookHandled(provider, (performance.now() - started) / 1000);
    answer(response, result);
  }
}

const ANSWERS: Readonly<Record<IngestResult, Buffer>> = {
  applied: Buffer.from(JSON.stringify({ result: 'applied' })),
  duplicate: Buffer.from(JSON.stringify({ result: 'duplicate' })),
  deferred: Buffer.from(JSON.stringify({ result: 'deferred' })),
  orphan: Buffer.from(JSON.stringify({ result: 'orphan' })),
};

/**
 * `200 {"result": …}`, written straight to the socket: a callback answer needs none of what Express's `res.json` adds
 * (an ETag, which hashes every body, and freshness checks), and these are the service's most frequent requests.
 * Errors still leave through the exception filter, as thrown above.
 */
function answer(response: Response, result: IngestResult): void {
  const body = ANSWERS[result];
  response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length });
  response.end(body);
}
