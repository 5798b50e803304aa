import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { EventFeed } from '../../../../src/adapters/http/events/event-feed.service.js';
import {
  EVENT_STORE,
  type EventStore,
  type SubscribeOptions,
} from '../../../../src/application/ports/event-store.port.js';
import { ProjectionsService } from '../../../../src/application/projections/projections.service.js';
import { startTestService, TEST_API_KEY, type TestService } from '../../../support/test-service.js';
import { payloadOf, SseClient, type SseMessage } from './sse-client.js';

const CALLER_ID = '+918047112222';
let sequence = 0;
const uniqueId = (prefix: string) => `${prefix}-${process.pid}-${++sequence}`;

describe('GET /api/events: the live feed of stored events', () => {
  let service: TestService;
  const store = () => service.app.get<EventStore>(EVENT_STORE);
  const bearer = { authorization: `Bearer ${TEST_API_KEY}` };
  const feed = (query = '', headers: Record<string, string> = bearer) =>
    SseClient.open(`${service.baseUrl}/api/events${query}`, headers);
  const open: SseClient[] = [];
  const opened = async (client: Promise<SseClient>) => {
    const ready = await client;
    open.push(ready);
    return ready;
  };

  async function send(method: string, path: string, json?: unknown): Promise<void> {
    const response = await service.api(path, { method, ...(json === undefined ? {} : { json }) });
    if (response.status >= 300)
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  }

  async function positions(after: bigint): Promise<bigint[]> {
    const found: bigint[] = [];
    for await (const event of store().readAll({ fromPosition: after })) found.push(event.position);
    return found;
  }

  async function head(): Promise<bigint> {
    return (await positions(0n)).at(-1) ?? 0n;
  }

  async function campaign(): Promise<string> {
    const id = uniqueId('k');
    await send('POST', '/api/campaigns', { id, name: `Campaign ${id}`, callerId: CALLER_ID });
    return id;
  }

  async function agent(campaigns: string[], phone: string): Promise<string> {
    const id = uniqueId('ag');
    await send('POST', '/api/agents', { id, name: `Agent ${id}`, phone, campaigns });
    return id;
  }

  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(async () => {
    for (const client of open) client.close();
    await service.close();
  });

  it('refuses a missing or wrong key (401), in the header or in access_token', async () => {
    for (const [query, headers] of [
      ['', {}],
      ['', { authorization: 'Bearer wrong-key-0123456789' }],
      ['?access_token=wrong-key-0123456789', {}],
      ['?access_token=', {}],
    ] as const) {
      const response = await fetch(`${service.baseUrl}/api/events${query}`, { headers });
      expect(`${query} ${response.status}`).toBe(`${query} 401`);
      expect(await response.json()).toMatchObject({ error: 'unauthorized' });
    }
  });

  it('accepts the key as a Bearer header or as ?access_token= (for EventSource)', async () => {
    const byHeader = await opened(feed());
    const byQuery = await opened(feed(`?access_token=${TEST_API_KEY}`, {}));
    for (const client of [byHeader, byQuery]) {
      expect(client.response.status).toBe(200);
      expect(client.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      client.close();
    }
  });

  it('answers 400 naming the field for a malformed Last-Event-ID or an unknown parameter', async () => {
    const badHeader = await fetch(`${service.baseUrl}/api/events`, {
      headers: { ...bearer, 'last-event-id': 'abc' },
    });
    expect(badHeader.status).toBe(400);
    expect(((await badHeader.json()) as { message: string }).message).toContain('Last-Event-ID');
    const unknown = await fetch(`${service.baseUrl}/api/events?type=CampaignCreated`, { headers: bearer });
    expect(unknown.status).toBe(400);
  });

  it('sends each event as it is appended: id = global position, event = type, data = the stored fields', async () => {
    const client = await opened(feed());
    const id = await campaign();
    const [message] = await client.collectUntil((m) => m.event === 'CampaignCreated');
    const stored = (
      await store().readStream(`campaign-${id}`, { maxCount: 1 })[Symbol.asyncIterator]().next()
    ).value;
    expect(message!.id).toBe(stored!.position.toString());
    expect(payloadOf(message!)).toEqual({
      streamId: `campaign-${id}`,
      revision: '0',
      type: 'CampaignCreated',
      data: expect.objectContaining({ campaignId: id }),
      recordedAt: stored!.recordedAt,
    });
    client.close();
  });

  it('resumes strictly after Last-Event-ID: no duplicate and no gap', async () => {
    const start = await head();
    const first = await opened(feed(`?lastEventId=${start}`));
    const id = await campaign();
    for (let n = 0; n < 3; n += 1) await agent([id], `+9198765${String(40000 + n)}`);
    const half = await first.collectUntil((m) => m.event === 'AgentRegistered');
    first.close();
    const seen = half.at(-1)!.id!;

    for (let n = 3; n < 6; n += 1) await agent([id], `+9198765${String(40000 + n)}`);
    const last = await head();
    // the query asks for the start again; the header (as a browser sends it on reconnect) wins
    const second = await opened(feed(`?lastEventId=${start}`, { ...bearer, 'last-event-id': seen }));
    const rest = await second.collectUntil((m) => m.id === last.toString());
    second.close();

    const delivered = [...half, ...rest].map((m) => BigInt(m.id!));
    expect(delivered).toEqual(await positions(start));
    expect(new Set(delivered).size).toBe(delivered.length);
  });

  it('starts a client without Last-Event-ID at what is stored now, and with ?lastEventId=0 at the beginning', async () => {
    await campaign();
    const now = await opened(feed());
    const fromStart = await opened(feed('?lastEventId=0'));
    const first = await fromStart.next();
    expect(first.id).toBe((await positions(0n))[0]!.toString());
    const id = await campaign();
    const [live] = await now.collectUntil(() => true);
    expect(payloadOf(live!).streamId).toBe(`campaign-${id}`);
    now.close();
    fromStart.close();
  });

  it('filters by ?types=', async () => {
    const start = await head();
    const id = await campaign();
    const agentId = await agent([id], '+919876550001');
    await send('POST', `/api/agents/${agentId}/ready`);
    const client = await opened(feed(`?lastEventId=${start}&types=AgentRegistered,AgentBecameAvailable`));
    const messages = await client.collectUntil((m) => m.event === 'AgentBecameAvailable');
    client.close();
    expect(messages.map((m) => m.event)).toEqual(['AgentRegistered', 'AgentBecameAvailable']);
    expect(messages.map((m) => payloadOf(m).data.agentId)).toEqual([agentId, agentId]);
  });

  it('filters by ?campaignId=: its stream, its contacts and calls, and the agents assigned to it', async () => {
    const start = await head();
    const mine = await campaign();
    const other = await campaign();
    const myAgent = await agent([mine], '+919876550002');
    const otherAgent = await agent([other], '+919876550003');
    await send('POST', `/api/campaigns/${other}/contacts`, [{ phone: '+919876550005' }]);
    await send('POST', `/api/campaigns/${mine}/contacts`, [{ phone: '+919876550004' }]);
    await send('POST', `/api/agents/${otherAgent}/ready`);
    await send('POST', `/api/agents/${myAgent}/ready`);

    const client = await opened(feed(`?lastEventId=${start}&campaignId=${mine}`));
    const messages = await client.collectUntil((m) => m.event === 'AgentBecameAvailable');
    client.close();
    const belongs = (m: SseMessage) => {
      const { streamId, data } = payloadOf(m);
      return streamId === `campaign-${mine}` || data.campaignId === mine || streamId === `agent-${myAgent}`;
    };
    expect(messages.filter((m) => !belongs(m))).toEqual([]);
    expect(messages.map((m) => m.event)).toEqual(
      expect.arrayContaining(['CampaignCreated', 'AgentAssigned', 'ContactAdded', 'AgentBecameAvailable']),
    );
    expect(payloadOf(messages.at(-1)!).data.agentId).toBe(myAgent);
  });

  it('knows the campaign’s agents assigned before the client connected', async () => {
    const mine = await campaign();
    const myAgent = await agent([mine], '+919876550006');
    const otherAgent = await agent([], '+919876550007');
    await service.app.get(ProjectionsService).waitFor(await head());
    const client = await opened(feed(`?campaignId=${mine}&types=AgentBecameAvailable`));
    await send('POST', `/api/agents/${otherAgent}/ready`);
    await send('POST', `/api/agents/${myAgent}/ready`);
    const message = await client.next();
    client.close();
    expect(payloadOf(message).streamId).toBe(`agent-${myAgent}`);
  });

  it('masks phone numbers to the last 4 digits unless ?phones=full', async () => {
    const start = await head();
    const id = await campaign();
    await send('POST', `/api/campaigns/${id}/contacts`, [{ phone: '+919876512345', name: 'Asha' }]);
    const masked = await opened(feed(`?lastEventId=${start}&types=ContactAdded`));
    const full = await opened(feed(`?lastEventId=${start}&types=ContactAdded&phones=full`));
    const [hidden, shown] = await Promise.all([masked.next(), full.next()]);
    masked.close();
    full.close();
    expect(payloadOf(hidden).data.phone).toBe('******2345');
    expect(hidden.data).not.toContain('9876512345');
    expect(payloadOf(shown).data.phone).toBe('+919876512345');
  });

  it('writes a comment line at once, so a client knows the stream is open before any event', async () => {
    const client = await opened(feed());
    await waitUntil(() => client.comments.length > 0);
    expect(client.comments).toEqual(['connected']);
    client.close();
  });

  it('closes the store subscription when the client disconnects', async () => {
    const closes: string[] = [];
    const subscribe = store().subscribeToAll.bind(store());
    const spy = jest.spyOn(store(), 'subscribeToAll').mockImplementation((options: SubscribeOptions) => {
      const subscription = subscribe(options);
      return {
        close: async () => {
          closes.push('closed');
          await subscription.close();
        },
      };
    });
    try {
      const events = service.app.get(EventFeed);
      for (const earlier of open) earlier.close();
      await waitUntil(() => events.openStreams === 0);
      const client = await opened(feed());
      await waitUntil(() => spy.mock.calls.length === 1);
      expect(events.openStreams).toBe(1);
      client.close();
      await waitUntil(() => closes.length === 1);
      expect(events.openStreams).toBe(0);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('GET /api/events on shutdown', () => {
  it('ends open streams so the service can stop', async () => {
    const service = await startTestService();
    const client = await SseClient.open(`${service.baseUrl}/api/events`, {
      authorization: `Bearer ${TEST_API_KEY}`,
    });
    expect(client.response.status).toBe(200);
    await service.close();
    await client.waitForEnd();
    expect(client.done).toBe(true);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
