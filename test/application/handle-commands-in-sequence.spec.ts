import { describe, expect, it } from '@jest/globals';
import { MemoryEventStore } from '../../src/adapters/event-store/memory.event-store.js';
import { handleCommand } from '../../src/application/commands/handle-command.js';
import { handleCommandsInSequence, type SequencedCommand } from '../../src/application/commands/handle-commands-in-sequence.js';
import { StreamStateCache } from '../../src/application/commands/stream-state.cache.js';
import type { EventStore, StoredEvent } from '../../src/application/ports/event-store.port.js';
import type { ContactCommand } from '../../src/domain/contact/contact.commands.js';
import { contactDecider } from '../../src/domain/contact/contact.decider.js';
import { DEFAULT_RETRY_RULES } from '../../src/domain/dialing/retry.policy.js';
import { DomainError } from '../../src/domain/shared/domain-error.js';

const T0 = '2026-03-02T04:30:00.000Z';
const T1 = '2026-03-02T04:31:00.000Z';
const stream = 'contact-c1';
const attemptId = 'c1~a1';

async function contactOnACall(store: EventStore): Promise<void> {
  await handleCommand(store, contactDecider, stream, { type: 'AddContact', contactId: 'c1', campaignId: 'k1', phone: '+919812345678', at: T0 }, { commandId: 'add' });
  await handleCommand(store, contactDecider, stream, { type: 'DialContact', contactId: 'c1', attemptId, agentId: 'ag1', at: T0 }, { commandId: 'dial' });
  await handleCommand(store, contactDecider, stream, { type: 'RecordCallPlaced', contactId: 'c1', attemptId, callSid: 'sid-1', at: T0 }, { commandId: 'placed' });
}

/** What one terminal callback reports: the agent answered, the customer was busy. */
const agentAnsweredThenBusy: SequencedCommand<ContactCommand>[] = [
  { command: { type: 'RecordLegAnswered', contactId: 'c1', attemptId, leg: 'agent', callSid: 'sid-1', at: T1 }, context: { commandId: 'cb:agent' } },
  { command: { type: 'TerminateCall', contactId: 'c1', attemptId, callSid: 'sid-1', outcome: 'busy', counts: true, talkSec: 0, retryRules: DEFAULT_RETRY_RULES, at: T1 }, context: { commandId: 'cb:terminal' } },
];

async function streamOf(store: EventStore): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for await (const event of store.readStream(stream)) events.push(event);
  return events;
}

const stored = (events: readonly StoredEvent[]) => events.map(({ id, type, data, revision, metadata }) => ({ id, type, data, revision, metadata }));

/** The memory store with a count of its appends. */
function countingStore() {
  const store = new MemoryEventStore();
  const appends: number[] = [];
  const append = store.append.bind(store);
  store.append = (streamId, events, expected) => {
    appends.push(events.length);
    return append(streamId, events, expected);
  };
  return { store, appends };
}

describe('handleCommandsInSequence', () => {
  it('stores in one append exactly what one handleCommand after the other would store', async () => {
    const separate = new MemoryEventStore();
    await contactOnACall(separate);
    for (const { command, context } of agentAnsweredThenBusy) await handleCommand(separate, contactDecider, stream, command, context);
    const { store, appends } = countingStore();
    await contactOnACall(store);
    appends.length = 0;
    const cache = new StreamStateCache();

    const outcomes = await handleCommandsInSequence(store, contactDecider, stream, agentAnsweredThenBusy, { cache });

    expect(appends).toEqual([3]);
    expect(stored(await streamOf(store))).toEqual(stored(await streamOf(separate)));
    expect(outcomes).toMatchObject([
      { result: { events: [{ type: 'LegAnswered' }], revision: 3n, replayed: false } },
      { result: { events: [{ type: 'CallTerminated' }, { type: 'RetryScheduled' }], revision: 5n, replayed: false } },
    ]);
    expect(cache.get(stream)).toMatchObject({ expected: 5n });
    expect(cache.get(stream)?.state).toEqual((await streamOf(store)).reduce((state, event) => contactDecider.evolve(state, { type: event.type, data: event.data } as never), contactDecider.initialState));
  });

  it('answers a repeated callback from what the first one wrote, and writes nothing', async () => {
    const { store, appends } = countingStore();
    await contactOnACall(store);
    await handleCommandsInSequence(store, contactDecider, stream, agentAnsweredThenBusy);
    appends.length = 0;
    const before = await streamOf(store);

    const again = await handleCommandsInSequence(store, contactDecider, stream, agentAnsweredThenBusy);

    expect(appends).toEqual([]);
    expect(await streamOf(store)).toHaveLength(before.length);
    expect(again).toMatchObject([
      { result: { replayed: true, events: [{ type: 'LegAnswered' }] } },
      { result: { replayed: true, events: [{ type: 'CallTerminated' }, { type: 'RetryScheduled' }] } },
    ]);
  });

  it('answers a repeated callback on a cached stream with exactly the events the first one wrote', async () => {
    const { store, appends } = countingStore();
    await contactOnACall(store);
    const cache = new StreamStateCache();
    const first = await handleCommandsInSequence(store, contactDecider, stream, agentAnsweredThenBusy, { cache });
    appends.length = 0;

    const again = await handleCommandsInSequence(store, contactDecider, stream, agentAnsweredThenBusy, { cache });

    expect(appends).toEqual([]);
    const resultsOf = (outcomes: typeof first) => outcomes.map((outcome) => ('result' in outcome ? outcome.result : outcome));
    expect(resultsOf(again)).toEqual(resultsOf(first).map((result) => ({ ...result, revision: 5n, replayed: true })));
  });

  it('writes only what is new when part of the sequence was stored before', async () => {
    const { store, appends } = countingStore();
    await contactOnACall(store);
    await handleCommand(store, contactDecider, stream, agentAnsweredThenBusy[0]!.command, agentAnsweredThenBusy[0]!.context);
    appends.length = 0;

    const outcomes = await handleCommandsInSequence(store, contactDecider, stream, agentAnsweredThenBusy);

    expect(appends).toEqual([2]);
    expect(outcomes).toMatchObject([
      { result: { replayed: true, events: [{ type: 'LegAnswered' }] } },
      { result: { events: [{ type: 'CallTerminated' }, { type: 'RetryScheduled' }], revision: 5n } },
    ]);
  });

  it('carries a refusal in its outcome and goes on with the others', async () => {
    const store = new MemoryEventStore();
    await contactOnACall(store);
    const addAgain: SequencedCommand<ContactCommand> = { command: { type: 'AddContact', contactId: 'c1', campaignId: 'k1', phone: '+919812345678', at: T1 }, context: { commandId: 'add-again' } };

    const [refused, answered] = await handleCommandsInSequence(store, contactDecider, stream, [addAgain, agentAnsweredThenBusy[0]!]);

    expect(refused).toMatchObject({ refused: expect.any(DomainError) });
    expect(answered).toMatchObject({ result: { events: [{ type: 'LegAnswered' }], revision: 3n } });
    expect((await streamOf(store)).map((event) => event.type).at(-1)).toBe('LegAnswered');
  });

  it('decides again on a write that came in between, and stores each event once', async () => {
    const store = new MemoryEventStore();
    await contactOnACall(store);
    const append = store.append.bind(store);
    let interfered = false;
    store.append = async (streamId, events, expected) => {
      if (!interfered) {
        interfered = true;
        // another instance records the agent's answer first
        await handleCommand(store, contactDecider, stream, { type: 'RecordLegAnswered', contactId: 'c1', attemptId, leg: 'agent', at: T1 }, { commandId: 'elsewhere' });
      }
      return append(streamId, events, expected);
    };

    const outcomes = await handleCommandsInSequence(store, contactDecider, stream, agentAnsweredThenBusy);

    const types = (await streamOf(store)).map((event) => event.type);
    expect(types.filter((type) => type === 'LegAnswered')).toHaveLength(1);
    expect(types.slice(-2)).toEqual(['CallTerminated', 'RetryScheduled']);
    expect(outcomes).toMatchObject([{ result: { events: [] } }, { result: { events: [{ type: 'CallTerminated' }, { type: 'RetryScheduled' }] } }]);
  });

  it('decides again on what the store holds when a stale cache finds nothing to write', async () => {
    const store = new MemoryEventStore();
    const cache = new StreamStateCache();
    await handleCommand(store, contactDecider, stream, { type: 'AddContact', contactId: 'c1', campaignId: 'k1', phone: '+919812345678', at: T0 }, { commandId: 'add' }, { cache });
    // another instance dials the contact: the cache still has it queued, with no call to record anything on
    await handleCommand(store, contactDecider, stream, { type: 'DialContact', contactId: 'c1', attemptId, agentId: 'ag1', at: T0 }, { commandId: 'dial' });
    await handleCommand(store, contactDecider, stream, { type: 'RecordCallPlaced', contactId: 'c1', attemptId, callSid: 'sid-1', at: T0 }, { commandId: 'placed' });

    const outcomes = await handleCommandsInSequence(store, contactDecider, stream, agentAnsweredThenBusy, { cache });

    expect(outcomes).toMatchObject([{ result: { events: [{ type: 'LegAnswered' }] } }, { result: { events: [{ type: 'CallTerminated' }, { type: 'RetryScheduled' }] } }]);
    expect((await streamOf(store)).map((event) => event.type).slice(-3)).toEqual(['LegAnswered', 'CallTerminated', 'RetryScheduled']);
  });

  it('propagates an error that is not the domain refusing', async () => {
    const store = new MemoryEventStore();
    await contactOnACall(store);
    store.append = () => Promise.reject(new Error('disk full'));

    await expect(handleCommandsInSequence(store, contactDecider, stream, agentAnsweredThenBusy)).rejects.toThrow('disk full');
  });
});
