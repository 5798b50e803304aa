import { Module } from '@nestjs/common';
import { EventFeed } from './event-feed.service.js';
import { EventsAuthGuard } from './events-auth.guard.js';
import { EventsController } from './events.controller.js';

/** `GET /api/events`: the live feed of stored events (server-sent events). */
@Module({ controllers: [EventsController], providers: [EventFeed, EventsAuthGuard], exports: [EventFeed] })
export class EventsModule {}
