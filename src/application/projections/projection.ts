import type { DialerEvent } from '../events/event-schemas.js';
import type { EventMetadata } from '../ports/event-store.port.js';
import type { RowChange } from '../ports/read-model-store.port.js';

export interface ProjectedEvent {
  readonly event: DialerEvent;
  readonly position: bigint;
  readonly streamId: string;
  readonly recordedAt: string;
  readonly metadata: EventMetadata;
}

export interface RowView<Row> {
  get(key: string): Row | undefined;
}

/** A read model: a pure step from (event, the rows it reads) to the rows it changes. */
export interface Projection<Row = unknown> {
  readonly name: string;
  readonly handles: ReadonlySet<DialerEvent['type']>;
  apply(projected: ProjectedEvent, view: RowView<Row>): RowChange<Row>[];
}

export type EventOf<T extends DialerEvent['type']> = Extract<DialerEvent, { type: T }>;
