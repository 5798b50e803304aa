/**
 * Fuzzes every /api route the running service registers (read from Express's router, so a new route is fuzzed
 * without being listed here), with requests shaped by the route's OpenAPI operation: mostly-valid bodies and
 * queries with one spot mutated, junk, every content type, malformed JSON, deep nesting, prototype-pollution keys,
 * unicode and very long strings, path values that exist and junk ones, with the API key, without it and with a
 * wrong or malformed one. Properties (FuzzTarget.exercise): never a 5xx; without valid credentials never accepted;
 * every 4xx answers JSON `{ error, message }`; a refused request writes no event; the service stays up.
 *
 * FUZZ_SCALE=<factor> (or FUZZ_RUNS=<cases per route>) scales the run up (default 70 per route: about 2,400 cases).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CommandBus } from '@nestjs/cqrs';
import {
  AgentCommandMessage,
  CampaignCommandMessage,
  ContactCommandMessage,
} from '../../src/application/commands/command-messages.js';
import { setUpCampaign } from '../support/campaign-run.js';
import { TEST_API_KEY } from '../support/test-service.js';
import { encode } from './support/encodings.js';
import { deeplyNestedJson } from './support/junk.js';
import { apiCaseArbitrary, buildApiRequest } from './support/api-cases.js';
import {
  FUZZ_START,
  FuzzTarget,
  fuzzOptions,
  runsPerRoute,
  type FuzzCaseRequest,
} from './support/fuzz-target.js';
import { sendRaw } from './support/raw-http.js';
import { registeredRoutes, type OpenApiDocument, type RouteInfo } from './support/route-catalog.js';

const RUNS = runsPerRoute(70);

describe('fuzzing every /api route', () => {
  let target: FuzzTarget;
  let routes: RouteInfo[];
  let cases = 0;

  beforeAll(async () => {
    target = await FuzzTarget.start();
    const service = target.service;
    // a running campaign with agents on calls, a draft one with contacts, a paused one: state for deep paths
    await setUpCampaign(
      service,
      { campaignId: 'fz-run', agents: 3, contacts: 12, settings: { wrapUpSec: 5 } },
      FUZZ_START,
    );
    await setUpCampaign(service, { campaignId: 'fz-paused', agents: 2, contacts: 4 }, FUZZ_START);
    const bus = service.app.get(CommandBus);
    const context = (n: number) => ({ commandId: `fz-seed-${n}`, actor: 'test' });
    await bus.execute(
      new CampaignCommandMessage(
        { type: 'PauseCampaign', campaignId: 'fz-paused', reason: 'seed', at: FUZZ_START },
        context(1),
      ),
    );
    await bus.execute(
      new CampaignCommandMessage(
        {
          type: 'CreateCampaign',
          campaignId: 'fz-draft',
          at: FUZZ_START,
          settings: { name: 'Draft', callerId: '+918047112233', provider: 'sandbox' },
        },
        context(2),
      ),
    );
    await bus.execute(
      new ContactCommandMessage(
        {
          type: 'AddContact',
          contactId: 'fz-draft-c1',
          campaignId: 'fz-draft',
          phone: '+919812345678',
          at: FUZZ_START,
        },
        context(3),
      ),
    );
    await bus.execute(
      new AgentCommandMessage(
        { type: 'RegisterAgent', agentId: 'fz-idle', name: 'Idle', phone: '+919912345678', at: FUZZ_START },
        context(4),
      ),
    );
    await target.settle();
    const openApi = await sendRaw(service.baseUrl, {
      method: 'GET',
      path: '/docs/openapi.json',
      headers: {},
    });
    routes = registeredRoutes(service, '/api', openApi.json as OpenApiDocument);
  }, 60_000);

  /** A new draft campaign with an agent and a contact, and (every other time) started. */
  async function freshCampaign(n: number): Promise<void> {
    const bus = target.service.app.get(CommandBus);
    const at = new Date(target.clock.now()).toISOString();
    const campaignId = `fz-fresh-${n}`;
    const context = (label: string) => ({ commandId: `${campaignId}-${label}`, actor: 'test' });
    await bus.execute(
      new CampaignCommandMessage(
        {
          type: 'CreateCampaign',
          campaignId,
          at,
          settings: { name: `Fresh ${n}`, callerId: '+918047112233', provider: 'sandbox', wrapUpSec: 5 },
        },
        context('create'),
      ),
    );
    await bus.execute(
      new AgentCommandMessage(
        {
          type: 'RegisterAgent',
          agentId: `${campaignId}-agent`,
          name: 'Fresh',
          phone: `+9199${String(30_000_000 + n)}`,
          at,
        },
        context('agent'),
      ),
    );
    await bus.execute(
      new CampaignCommandMessage(
        { type: 'AssignAgent', campaignId, agentId: `${campaignId}-agent`, at },
        context('assign'),
      ),
    );
    await bus.execute(
      new AgentCommandMessage(
        { type: 'MakeAgentAvailable', agentId: `${campaignId}-agent`, at },
        context('ready'),
      ),
    );
    await bus.execute(
      new ContactCommandMessage(
        {
          type: 'AddContact',
          contactId: `${campaignId}-c1`,
          campaignId,
          phone: `+9198${String(30_000_000 + n)}`,
          at,
        },
        context('contact'),
      ),
    );
    if (n % 100 === 0)
      await bus.execute(
        new CampaignCommandMessage({ type: 'StartCampaign', campaignId, at }, context('start')),
      );
    await target.settle();
  }

  afterAll(async () => {
    if (target !== undefined) {
      console.log(
        `${target.report(`API fuzz (${RUNS} cases per route)`)}\n${target.report('per route', true)}`,
      );
      await target.close();
    }
  });

  it('finds the routes to fuzz in the running service, documented ones with their OpenAPI operation', () => {
    expect(routes.length).toBeGreaterThanOrEqual(30);
    expect(
      routes.filter((route) => route.operation === undefined).map((route) => `${route.method} ${route.path}`),
    ).toEqual([]);
  });

  it('survives the requests that once hurt it, and other known-nasty ones', async () => {
    const auth = { authorization: `Bearer ${TEST_API_KEY}` };
    const request = (
      method: string,
      path: string,
      body: string | Buffer | undefined,
      contentType?: string,
    ): FuzzCaseRequest => ({
      group: 'api:known-nasty',
      route: `${method} ${path}`,
      method,
      path,
      headers: { ...auth, ...(contentType === undefined ? {} : { 'content-type': contentType }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? Buffer.from(body) : body }),
      unauthenticated: false,
    });
    const runaway = encode(undefined, {
      encoding: 'csv-runaway',
      variant: 7,
      garbage: new Uint8Array(),
    }).body!;
    const nasty: FuzzCaseRequest[] = [
      // a runaway quote after more rows than one batch: it answered 400 after importing the first 500 contacts
      request('POST', '/api/campaigns/fz-draft/contacts', runaway, 'text/csv'),
      request(
        'POST',
        '/api/campaigns',
        '{"__proto__": {"name": "polluted"}, "constructor": {"prototype": {"x": 1}}, "name": "P", "id": "fz-proto"}',
        'application/json',
      ),
      request('POST', '/api/campaigns', deeplyNestedJson(5_000), 'application/json'),
      {
        ...request(
          'POST',
          '/api/campaigns',
          `{"name": "deep", "window": ${deeplyNestedJson(300_000)}}`,
          'application/json',
        ),
        headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': 'deep-1' },
      },
      request(
        'POST',
        '/api/campaigns/fz-draft/contacts',
        `[{"phone": "+919612345678", "x": ${deeplyNestedJson(200_000, '{"a":', '}')}}]`,
        'application/json',
      ),
      request('POST', '/api/agents', `{"name": "${'n'.repeat(1_100_000)}"}`, 'application/json'),
      request(
        'PATCH',
        '/api/campaigns/fz-draft',
        'window[days][0]=1&window[days][1000]=2&__proto__[x]=1',
        'application/x-www-form-urlencoded',
      ),
      request(
        'POST',
        '/api/campaigns/fz-draft/contacts',
        JSON.stringify(
          Array.from({ length: 3_000 }, (_, i) => ({
            phone: `+9196${String(10_000_000 + i)}`,
            __proto__: { id: 'x' },
          })),
        ),
        'application/json',
      ),
      request(
        'GET',
        `/api/campaigns/fz-draft/stats?asOf=${encodeURIComponent('275760-09-13T00:00:00Z')}`,
        undefined,
      ),
      request('GET', '/api/events?lastEventId=99999999999999999999', undefined),
    ];
    for (const each of nasty) await target.exercise(each);
    await target.expectAlive();
  });

  it('answers every fuzzed request without a 5xx, refuses without writing, and stays up', async () => {
    // all routes interleaved, so each meets the state the others leave (stopped campaigns, listed numbers…)
    const byName = new Map(routes.map((route) => [`${route.method} ${route.path}`, route]));
    const anyRoute = fc
      .constantFrom(...byName.keys())
      .chain((name) => apiCaseArbitrary(byName.get(name)!).map((spec) => ({ name, spec })));
    await fc.assert(
      fc.asyncProperty(anyRoute, async ({ name, spec }) => {
        const route = byName.get(name)!;
        await target.exercise(
          buildApiRequest(route, spec, target, `api:${route.operation?.tags?.[0] ?? 'undocumented'}`),
        );
        cases += 1;
        // time moves now and then: wrap-ups end, retries fall due, the dialer places more calls
        if (cases % 40 === 0) await target.advance(20_000);
        // the fuzz stops campaigns faster than it creates them: keep some open ones among the recent
        if (cases % 50 === 0) await freshCampaign(cases);
        if (cases % 200 === 0) await target.expectAlive();
      }),
      fuzzOptions(RUNS * routes.length),
    );
    await target.expectAlive();
    expect(cases).toBeGreaterThanOrEqual(routes.length * RUNS);
  }, 600_000);
});
