import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  type EventStore,
  type StoredEvent,
  WrongExpectedRevisionError,
} from '../../../src/application/ports/event-store.port.js';
import {
  anEvent,
  appendWithRetry,
  collect,
  inStreams,
  isStrictlyIncreasing,
  newStreamId,
  rejectionOf,
  sleep,
  waitUntil,
} from './event-store.helpers.js';

const ids = (events: readonly { id: string }[]) => events.map((event) => event.id);
const revisions = (events: readonly StoredEvent[]) => events.map((event) => event.revision);
const positions = (events: readonly StoredEvent[]) => events.map((event) => event.position);

/** What every EventStore adapter must do; stream ids are unique per test so a shared server works. */
export interface StoreCapabilities {
  /** The store offers `appendAtomically` (EventStoreDB does not: one stream per write). */
  readonly atomicAppends: boolean;
}

export function eventStoreContract(name: string, open: () => Promise<EventStore>, capabilities: StoreCapabilities = { atomicAppends: true }): void {
  describe(`${name} honours the EventStore contract`, () => {
    let store: EventStore;

    beforeEach(async () => {
      store = await open();
    });

    afterEach(async () => {
      await store.close();
    });

    describe('appending and reading a stream', () => {
      it('reads back what was appended, with revisions from 0 and the append result pointing at the last', async () => {
        const streamId = newStreamId();
        const events = [
          anEvent('CampaignCreated', { name: 'Diwali offers', window: { from: '09:00' } }),
          anEvent('AgentAssigned', { agentId: 'a1' }, { correlationId: 'cmd-1', causationId: 'cmd-0' }),
          anEvent('CampaignStarted', { at: '2025-01-01T10:00:00.000Z', list: [1, 'two', null] }),
        ];
        const before = Date.now();

        const result = await store.append(streamId, events, 'no_stream');
        const read = await collect(store.readStream(streamId));

        expect(
          read.map(({ id, type, data, metadata, streamId: stream, revision }) => ({
            id,
            type,
            data,
            metadata,
            streamId: stream,
            revision,
          })),
        ).toEqual(
          events.map((event, index) => ({
            id: event.id,
            type: event.type,
            data: event.data,
            metadata: event.metadata ?? {},
            streamId,
            revision: BigInt(index),
          })),
        );
        expect(isStrictlyIncreasing(positions(read))).toBe(true);
        expect(result).toEqual({ nextRevision: 2n, position: read[2]!.position });
        for (const event of read) {
          expect(new Date(event.recordedAt).toISOString()).toBe(event.recordedAt);
          expect(Math.abs(Date.parse(event.recordedAt) - before)).toBeLessThan(5 * 60_000);
        }
      });

      it('continues a stream at the expected revision', async () => {
        const streamId = newStreamId();
        await store.append(streamId, [anEvent(), anEvent()], 'no_stream');

        const result = await store.append(streamId, [anEvent()], 1n);

        expect(result.nextRevision).toBe(2n);
        expect(revisions(await collect(store.readStream(streamId)))).toEqual([0n, 1n, 2n]);
      });

      it('reads a missing stream as empty, in either direction', async () => {
        const streamId = newStreamId();

        expect(await collect(store.readStream(streamId))).toEqual([]);
        expect(await collect(store.readStream(streamId, { direction: 'backwards' }))).toEqual([]);
      });

      it('reads backwards, from a revision, and at most maxCount events', async () => {
        const streamId = newStreamId();
        await store.append(streamId, [anEvent(), anEvent(), anEvent(), anEvent(), anEvent()], 'no_stream');
        const read = async (options: Parameters<EventStore['readStream']>[1]) =>
          revisions(await collect(store.readStream(streamId, options)));

        expect(await read({ direction: 'backwards' })).toEqual([4n, 3n, 2n, 1n, 0n]);
        expect(await read({ fromRevision: 2n })).toEqual([2n, 3n, 4n]);
        expect(await read({ fromRevision: 2n, direction: 'backwards' })).toEqual([2n, 1n, 0n]);
        expect(await read({ maxCount: 2 })).toEqual([0n, 1n]);
        expect(await read({ maxCount: 2, direction: 'backwards' })).toEqual([4n, 3n]);
        expect(await read({ fromRevision: 1n, maxCount: 2 })).toEqual([1n, 2n]);
        expect(await read({ fromRevision: 9n })).toEqual([]);
      });
    });

    describe('optimistic concurrency', () => {
      it('accepts no_stream for a new stream and rejects it once the stream has events', async () => {
        const streamId = newStreamId();
        await store.append(streamId, [anEvent(), anEvent()], 'no_stream');

        const error = await rejectionOf(store.append(streamId, [anEvent()], 'no_stream'));

        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId, expected: 'no_stream', actual: 1n });
        expect(await collect(store.readStream(streamId))).toHaveLength(2);
      });

      it('rejects a stale revision and a future one, naming the actual revision', async () => {
        const streamId = newStreamId();
        await store.append(streamId, [anEvent(), anEvent(), anEvent()], 'no_stream');

        const stale = await rejectionOf(store.append(streamId, [anEvent()], 0n));
        const future = await rejectionOf(store.append(streamId, [anEvent()], 7n));

        expect(stale).toBeInstanceOf(WrongExpectedRevisionError);
        expect(stale).toMatchObject({ streamId, expected: 0n, actual: 2n });
        expect(future).toBeInstanceOf(WrongExpectedRevisionError);
        expect(future).toMatchObject({ streamId, expected: 7n, actual: 2n });
        expect(await collect(store.readStream(streamId))).toHaveLength(3);
      });

      it('rejects a revision on a missing stream with actual no_stream', async () => {
        const streamId = newStreamId();

        const error = await rejectionOf(store.append(streamId, [anEvent()], 0n));

        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId, expected: 0n, actual: 'no_stream' });
        expect(await collect(store.readStream(streamId))).toEqual([]);
      });

      it('appends with any whatever the stream holds', async () => {
        const streamId = newStreamId();

        const first = await store.append(streamId, [anEvent()], 'any');
        const second = await store.append(streamId, [anEvent(), anEvent()], 'any');

        expect(first.nextRevision).toBe(0n);
        expect(second.nextRevision).toBe(2n);
        expect(second.position).toBeGreaterThan(first.position);
      });

      it('lets exactly one of 20 concurrent appends at one revision win', async () => {
        const streamId = newStreamId();
        await store.append(streamId, [anEvent()], 'no_stream');

        const outcomes = await Promise.allSettled(
          Array.from({ length: 20 }, () => store.append(streamId, [anEvent()], 0n)),
        );

        const losers = outcomes.filter((outcome) => outcome.status === 'rejected');
        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        expect(losers).toHaveLength(19);
        for (const loser of losers) {
          expect(loser.reason).toBeInstanceOf(WrongExpectedRevisionError);
          expect(loser.reason).toMatchObject({ streamId, expected: 0n, actual: 1n });
        }
        expect(revisions(await collect(store.readStream(streamId)))).toEqual([0n, 1n]);
      });

      it('gives 20 concurrent appenders that re-read and retry one event each, without gaps', async () => {
        const streamId = newStreamId();
        const events = Array.from({ length: 20 }, (_, appender) => anEvent('Appended', { appender }));

        await Promise.all(events.map((event) => appendWithRetry(store, streamId, event)));

        const read = await collect(store.readStream(streamId));
        expect(revisions(read)).toEqual(Array.from({ length: 20 }, (_, index) => BigInt(index)));
        expect(ids(read).sort()).toEqual(ids(events).sort());
      });
    });

    it('refuses an append without events or with an event id twice', async () => {
      const streamId = newStreamId();
      const twice = anEvent();

      await expect(store.append(streamId, [], 'any')).rejects.toThrow(RangeError);
      await expect(store.append(streamId, [twice, twice], 'any')).rejects.toThrow(RangeError);
      expect(await collect(store.readStream(streamId))).toEqual([]);
    });

    describe('idempotent retries', () => {
      it('answers a re-append of the same ids at the same expected revision with the original result', async () => {
        const streamId = newStreamId();
        const opening = [anEvent('Opened'), anEvent('Named')];
        const closing = anEvent('Closed');

        const first = await store.append(streamId, opening, 'no_stream');
        const firstAgain = await store.append(streamId, opening, 'no_stream');
        const second = await store.append(streamId, [closing], 1n);
        const secondAgain = await store.append(streamId, [closing], 1n);
        const secondWithAny = await store.append(streamId, [closing], 'any');

        expect(firstAgain).toEqual(first);
        expect(secondAgain).toEqual(second);
        expect(secondWithAny).toEqual(second);
        expect(ids(await collect(store.readStream(streamId)))).toEqual(ids([...opening, closing]));
      });

      it('treats a re-append with only some of the ids stored as a conflict', async () => {
        const streamId = newStreamId();
        const [first, second] = [anEvent(), anEvent()];
        await store.append(streamId, [first, second], 'no_stream');

        const error = await rejectionOf(store.append(streamId, [second, anEvent()], 0n));

        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId, expected: 0n, actual: 1n });
        expect(ids(await collect(store.readStream(streamId)))).toEqual(ids([first, second]));
      });
    });

    it(capabilities.atomicAppends ? 'offers atomic appends to several streams' : 'offers no atomic appends (callers append one stream at a time)', () => {
      expect(typeof store.appendAtomically).toBe(capabilities.atomicAppends ? 'function' : 'undefined');
    });

    (capabilities.atomicAppends ? describe : describe.skip)('atomic appends to several streams', () => {
      const atomically = (appends: Parameters<NonNullable<EventStore['appendAtomically']>>[0]) => store.appendAtomically!(appends);

      it('stores all of them, in the order given, with contiguous positions and one result each', async () => {
        const [agent, contact] = [newStreamId(), newStreamId()];
        await store.append(agent, [anEvent('Ready')], 'no_stream');
        const reserved = anEvent('Reserved');
        const dialed = anEvent('Dialed');

        const results = await atomically([
          { streamId: agent, events: [reserved], expectedRevision: 0n },
          { streamId: contact, events: [dialed], expectedRevision: 'no_stream' },
        ]);

        expect(results.map((result) => result.nextRevision)).toEqual([1n, 0n]);
        expect(results[1]!.position).toBe(results[0]!.position + 1n);
        const [agentEvents, contactEvents] = [await collect(store.readStream(agent)), await collect(store.readStream(contact))];
        expect(ids(agentEvents)).toEqual(ids([agentEvents[0]!, reserved]));
        expect(contactEvents[0]).toMatchObject({ id: dialed.id, position: results[1]!.position });
      });

      it('stores none of them when one stream is not at its expected revision, naming that stream', async () => {
        const [agent, contact] = [newStreamId(), newStreamId()];
        await store.append(contact, [anEvent('Added')], 'no_stream');

        const refused = atomically([
          { streamId: agent, events: [anEvent('Reserved')], expectedRevision: 'no_stream' },
          { streamId: contact, events: [anEvent('Dialed')], expectedRevision: 'no_stream' },
        ]);
        const error = await rejectionOf(refused);

        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId: contact, expected: 'no_stream', actual: 0n });
        expect(await collect(store.readStream(agent))).toEqual([]);
        expect(await collect(store.readStream(contact))).toHaveLength(1);
      });

      it('answers a retry of the same appends with the original results and writes nothing', async () => {
        const [agent, contact] = [newStreamId(), newStreamId()];
        const appends = [
          { streamId: agent, events: [anEvent('Reserved')], expectedRevision: 'no_stream' as const },
          { streamId: contact, events: [anEvent('Dialed')], expectedRevision: 'no_stream' as const },
        ];
        const first = await atomically(appends);

        expect(await atomically(appends)).toEqual(first);
        expect(await collect(store.readStream(agent))).toHaveLength(1);
        expect(await collect(store.readStream(contact))).toHaveLength(1);
      });
    });

    describe('reading all streams', () => {
      it('reads in global order strictly after fromPosition, at most maxCount events', async () => {
        const [a, b] = [newStreamId(), newStreamId()];
        const [e1, e2, e3, e4] = [anEvent(), anEvent(), anEvent(), anEvent()];
        const first = await store.append(a, [e1], 'no_stream');
        await store.append(b, [e2], 'no_stream');
        await store.append(a, [e3, e4], 0n);

        const after = await collect(store.readAll({ fromPosition: first.position }));
        const firstTwo = await collect(store.readAll({ fromPosition: first.position, maxCount: 2 }));

        expect(ids(inStreams(after, a, b))).toEqual(ids([e2, e3, e4]));
        expect(after[0]!.position).toBeGreaterThan(first.position);
        expect(isStrictlyIncreasing(positions(after))).toBe(true);
        expect(firstTwo).toEqual(after.slice(0, 2));
      });

      it('gives every event the same position in readAll as in its stream', async () => {
        const streamId = newStreamId();
        const marker = await store.append(newStreamId(), [anEvent()], 'no_stream');
        await store.append(streamId, [anEvent(), anEvent()], 'no_stream');

        const fromAll = inStreams(await collect(store.readAll({ fromPosition: marker.position })), streamId);

        expect(fromAll).toEqual(await collect(store.readStream(streamId)));
      });
    });

    describe('subscribing to all streams', () => {
      it('catches up from the checkpoint, then delivers live appends, one at a time', async () => {
        const streamId = newStreamId();
        const [e1, e2, e3] = [anEvent(), anEvent(), anEvent()];
        const marker = await store.append(newStreamId(), [anEvent()], 'no_stream');
        await store.append(streamId, [e1, e2], 'no_stream');
        const seen: StoredEvent[] = [];
        let handling = 0;
        let mostAtOnce = 0;

        const subscription = store.subscribeToAll({
          fromPosition: marker.position,
          onEvent: async (event) => {
            handling += 1;
            mostAtOnce = Math.max(mostAtOnce, handling);
            await sleep(1);
            seen.push(event);
            handling -= 1;
          },
        });
        try {
          await waitUntil(() => inStreams(seen, streamId).length === 2);
          await store.append(streamId, [e3], 1n);
          await waitUntil(() => inStreams(seen, streamId).length === 3);
        } finally {
          await subscription.close();
        }

        expect(ids(inStreams(seen, streamId))).toEqual(ids([e1, e2, e3]));
        expect(revisions(inStreams(seen, streamId))).toEqual([0n, 1n, 2n]);
        expect(seen[0]!.position).toBeGreaterThan(marker.position);
        expect(isStrictlyIncreasing(positions(seen))).toBe(true);
        expect(mostAtOnce).toBe(1);
      });

      it('delivers nothing more once closed', async () => {
        const streamId = newStreamId();
        const marker = await store.append(streamId, [anEvent()], 'no_stream');
        const seen: StoredEvent[] = [];
        const subscription = store.subscribeToAll({
          fromPosition: marker.position,
          onEvent: (event) => void seen.push(event),
        });
        await store.append(streamId, [anEvent()], 0n);
        await waitUntil(() => inStreams(seen, streamId).length === 1);

        await subscription.close();
        await store.append(streamId, [anEvent()], 1n);
        await sleep(200);

        expect(revisions(inStreams(seen, streamId))).toEqual([1n]);
      });

      it('resumed from its checkpoint, sees no duplicate and no gap', async () => {
        const streamId = newStreamId();
        const events = Array.from({ length: 6 }, (_, n) => anEvent('Counted', { n }));
        const marker = await store.append(newStreamId(), [anEvent()], 'no_stream');
        for (const [index, event] of events.slice(0, 3).entries()) {
          await store.append(streamId, [event], index === 0 ? 'no_stream' : BigInt(index - 1));
        }
        const beforeClose: StoredEvent[] = [];
        const first = store.subscribeToAll({
          fromPosition: marker.position,
          onEvent: (event) => void beforeClose.push(event),
        });
        await waitUntil(() => inStreams(beforeClose, streamId).length === 3);
        await first.close();
        const checkpoint = beforeClose[beforeClose.length - 1]!.position;

        for (const [index, event] of events.slice(3).entries())
          await store.append(streamId, [event], BigInt(index + 2));
        const afterResume: StoredEvent[] = [];
        const second = store.subscribeToAll({
          fromPosition: checkpoint,
          onEvent: (event) => void afterResume.push(event),
        });
        try {
          await waitUntil(() => inStreams(afterResume, streamId).length === 3);
        } finally {
          await second.close();
        }

        expect(ids(inStreams(afterResume, streamId))).toEqual(ids(events.slice(3)));
        expect(afterResume.every((event) => event.position > checkpoint)).toBe(true);
        expect(ids(inStreams([...beforeClose, ...afterResume], streamId))).toEqual(ids(events));
      });

      it('stops at a failing handler and reports it, so a resumed subscription gets that event again', async () => {
        const streamId = newStreamId();
        const [good, bad, later] = [anEvent(), anEvent(), anEvent()];
        const marker = await store.append(newStreamId(), [anEvent()], 'no_stream');
        await store.append(streamId, [good, bad, later], 'no_stream');
        const handled: StoredEvent[] = [];
        const errors: Error[] = [];

        const failing = store.subscribeToAll({
          fromPosition: marker.position,
          onEvent: (event) => {
            if (event.id === bad.id) throw new Error('projection failed');
            handled.push(event);
          },
          onError: (error) => errors.push(error),
        });
        await waitUntil(() => errors.length === 1);
        await store.append(streamId, [anEvent()], 2n);
        await sleep(200);
        await failing.close();

        expect(errors[0]!.message).toBe('projection failed');
        expect(ids(inStreams(handled, streamId))).toEqual([good.id]);

        const resumed: StoredEvent[] = [];
        const checkpoint = handled[handled.length - 1]!.position;
        const retry = store.subscribeToAll({
          fromPosition: checkpoint,
          onEvent: (event) => void resumed.push(event),
        });
        try {
          await waitUntil(() => inStreams(resumed, streamId).length === 3);
        } finally {
          await retry.close();
        }
        expect(ids(inStreams(resumed, streamId)).slice(0, 2)).toEqual(ids([bad, later]));
      });
    });
  });
}
