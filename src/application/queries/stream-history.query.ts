import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '../ports/event-store.port.js';

export class StreamHistoryQuery {
  constructor(readonly streamId: string) {}
}

/** One line of an audit trail: what happened, when (business and recorded time), and what caused it. */
export interface HistoryEntry {
  readonly position: string;
  readonly revision: number;
  readonly type: string;
  readonly at?: string;
  readonly recordedAt: string;
  readonly data: unknown;
  readonly actor?: string;
  readonly commandId?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
}

@QueryHandler(StreamHistoryQuery)
export class StreamHistoryHandler implements IQueryHandler<StreamHistoryQuery, HistoryEntry[]> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ streamId }: StreamHistoryQuery): Promise<HistoryEntry[]> {
    const entries: HistoryEntry[] = [];
    for await (const event of this.store.readStream(streamId)) {
      const { actor, commandId, correlationId, causationId } = event.metadata as Record<string, string | undefined>;
      entries.push({
        position: event.position.toString(),
        revision: Number(event.revision),
        type: event.type,
        ...(typeof (event.data as { at?: unknown }).at === 'string' ? { at: (event.data as { at: string }).at } : {}),
        recordedAt: event.recordedAt,
        data: event.data,
        ...(actor === undefined ? {} : { actor }),
        ...(commandId === undefined ? {} : { commandId }),
        ...(correlationId === undefined ? {} : { correlationId }),
        ...(causationId === undefined ? {} : { causationId }),
      });
    }
    return entries;
  }
}
