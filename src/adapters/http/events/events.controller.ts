import { Controller, Get, Inject, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { EventFeed } from './event-feed.service.js';
import { EventsAuthGuard } from './events-auth.guard.js';
import { parseFeedRequest } from './events.request.js';

/**
 * Server-sent events of stored events as they are appended: `id:` global position, `event:` type, `data:` JSON.
 * Resumable with `Last-Event-ID` (or `?lastEventId=`); `?types=A,B`, `?campaignId=`, `?phones=full`.
 */
@Controller('api/events')
@UseGuards(EventsAuthGuard)
export class EventsController {
  constructor(@Inject(EventFeed) private readonly feed: EventFeed) {}

  @Get()
  async stream(@Req() request: Request, @Res() response: Response): Promise<void> {
    const feedRequest = parseFeedRequest(request.query, request.headers['last-event-id']);
    await this.feed.open(response, feedRequest);
  }
}
