import { describe, expect, it } from '@jest/globals';
import { VirtualClock } from '../../../src/adapters/clock/virtual.clock.js';
import { MemoryEventStore } from '../../../src/adapters/event-store/memory.event-store.js';
import { handleCommand } from '../../../src/application/commands/handle-command.js';
import { StreamStateCache } from '../../../src/application/commands/stream-state.cache.js';
import { Dialer } from '../../../src/application/dialer/dialer.js';
import { streamOf } from '../../../src/application/events/streams.js';
import { contactDecider } from '../../../src/domain/contact/contact.decider.js';
import type { ContactCommand } from '../../../src/domain/contact/contact.commands.js';

const T0 = '2026-03-02T04:30:00.000Z';

describe('Dialer start', () => {
  it('caches the state of every contact with a call under way, so its callbacks need no read', async () => {
    const events = new MemoryEventStore();
    const run = (contactId: string, commands: ContactCommand[]) =>
      commands.reduce<Promise<unknown>>((done, command, n) => done.then(() => handleCommand(events, contactDecider, streamOf.contact(contactId), command, { commandId: `${contactId}:${n}` })), Promise.resolve());
    await run('c1', [
      { type: 'AddContact', contactId: 'c1', campaignId: 'k1', phone: '+919812345678', at: T0 },
      { type: 'DialContact', contactId: 'c1', attemptId: 'c1~a1', agentId: 'ag1', at: T0 },
      { type: 'RecordCallPlaced', contactId: 'c1', attemptId: 'c1~a1', callSid: 'sid-1', at: T0 },
    ]);
    await run('c2', [{ type: 'AddContact', contactId: 'c2', campaignId: 'k1', phone: '+919812345679', at: T0 }]);

    const cache = new StreamStateCache();
    const dialer = new Dialer({ events, clock: new VirtualClock(Date.parse(T0)), cache, providers: new Map(), webhookUrls: { statusCallback: () => 'http://localhost/cb' }, callsPerMinute: 60 });
    await dialer.start();
    await dialer.stop();

    expect(cache.get(streamOf.contact('c1'))).toMatchObject({ expected: 2n, state: { status: 'dialing' } });
    expect(cache.get(streamOf.contact('c2'))).toBeUndefined();
  });
});
