import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DialerMetricsService, METRICS } from './dialer.metrics.js';

/** Prometheus scrapes this: no API key, same port as the API. */
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS) private readonly metrics: DialerMetricsService) {}

  @Get()
  async scrape(@Res({ passthrough: true }) response: Response): Promise<string> {
    const body = await this.metrics.render();
    response.setHeader('Content-Type', this.metrics.contentType);
    return body;
  }
}
