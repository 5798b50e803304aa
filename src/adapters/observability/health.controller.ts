import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ReadinessProbe, type Readiness } from './readiness.probe.js';

/** Probes: no API key (orchestrators and Docker's healthcheck call them), same port as the API. */
@Controller('health')
export class HealthController {
  constructor(@Inject(ReadinessProbe) private readonly readiness: ReadinessProbe) {}

  /** Liveness: the process answers HTTP. */
  @Get()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** The same, under the name Docker's healthcheck calls. */
  @Get('live')
  liveAlias(): { status: 'ok' } {
    return this.live();
  }

  /** Readiness: 200 when the event store answers and the read models are close enough; 503 naming what failed. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) response: Response): Promise<Readiness> {
    const readiness = await this.readiness.check();
    response.status(readiness.status === 'ok' ? 200 : 503);
    return readiness;
  }
}
