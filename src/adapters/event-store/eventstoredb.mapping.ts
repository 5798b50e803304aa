import {
  type AllStreamRecordedEvent,
  type EventData,
  jsonEvent,
  type JSONType,
  type RecordedEvent,
} from '@eventstore/db-client';
import {
  type EventMetadata,
  type NewEvent,
  type StoredEvent,
} from '../../application/ports/event-store.port.js';

export function toEventData(event: NewEvent): EventData {
  return jsonEvent({
    id: event.id,
    type: event.type,
    // The client serialises any JSON value; its type only admits objects, arrays and strings.
    data: (event.data ?? null) as JSONType,
    metadata: event.metadata ?? {},
  });
}

/** System events (`$`-prefixed types: stream metadata, links, statistics) are not ours to deliver. */
export function isSystemEvent(event: RecordedEvent | AllStreamRecordedEvent): boolean {
  return event.type.startsWith('$');
}

export function toStoredEvent(event: RecordedEvent | AllStreamRecordedEvent): StoredEvent {
  if (event.position === undefined) {
    throw new Error(`event ${event.id} came without a log position: EventStoreDB 22.6 or later is required`);
  }
  return {
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: isPlainObject(event.metadata) ? (event.metadata as EventMetadata) : {},
    streamId: event.streamId,
    revision: event.revision,
    position: event.position.commit,
    recordedAt: event.created.toISOString(),
  };
}

function isPlainObject(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}
