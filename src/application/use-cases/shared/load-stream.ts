import type { Decider } from '../../../domain/shared/decider.js';
import { decodeEvent } from '../../events/event-schemas.js';
import type { EventStore, StoredEvent } from '../../ports/event-store.port.js';

export type Decode<Event> = (type: string, data: unknown) => Event | undefined;

export interface LoadedStream<State> {
  readonly state: State;
  /** Revision of the last event (undefined: the stream is empty). */
  readonly revision?: bigint;
}

const decodeDialerEvent = decodeEvent as Decode<never>;

/** Folds a whole stream into its decider state (events of other types are skipped). */
export async function loadStream<Event, State>(
  store: EventStore,
  decider: Pick<Decider<unknown, Event, State>, 'initialState' | 'evolve'>,
  streamId: string,
  decode: Decode<Event> = decodeDialerEvent,
  onEvent?: (stored: StoredEvent, event: Event) => void,
): Promise<LoadedStream<State>> {
  let state = decider.initialState;
  let revision: bigint | undefined;
  for await (const stored of store.readStream(streamId)) {
    revision = stored.revision;
    const event = decode(stored.type, stored.data);
    if (event === undefined) continue;
    state = decider.evolve(state, event);
    onEvent?.(stored, event);
  }
  return revision === undefined ? { state } : { state, revision };
}
