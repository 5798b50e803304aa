/**
 * Fuzzes every /webhooks route the running service registers (read from Express's router): v1 and CCM status
 * callbacks shaped like the provider's (for calls the sandbox really placed, so they reach the dialer), mostly
 * valid, wrong in one spot, or junk, in every encoding (JSON, urlencoded and multipart with flattened `Legs[i][…]`,
 * no content type, malformed, gzip, garbage); Dial Whom / CCM connect queries for a handful of inbound calls asked
 * about again and again; with the right token, without it, and with wrong, repeated, empty or misplaced ones.
 * Properties as for the API (FuzzTarget.exercise): never a 5xx, never accepted without the token, a 4xx answers
 * JSON `{ error, message }`, a refused request writes no event, the service stays up.
 *
 * FUZZ_SCALE=<factor> (or FUZZ_RUNS=<cases per route>) scales the run up (default 400 per route: 1,600 cases).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { setUpCampaign } from '../support/campaign-run.js';
import { TEST_WEBHOOK_TOKEN } from '../support/test-service.js';
import { multipart, urlencoded } from './support/encodings.js';
import {
  FUZZ_START,
  FuzzTarget,
  fuzzOptions,
  runsPerRoute,
  type FuzzCaseRequest,
} from './support/fuzz-target.js';
import { deeplyNestedJson } from './support/junk.js';
import { registeredRoutes, type RouteInfo } from './support/route-catalog.js';
import { buildWebhookRequest, webhookCaseArbitrary, webhookKind } from './support/webhook-cases.js';

const RUNS = runsPerRoute(400);

describe('fuzzing every /webhooks route', () => {
  let target: FuzzTarget;
  let routes: RouteInfo[];
  let cases = 0;

  beforeAll(async () => {
    target = await FuzzTarget.start();
    // agents on calls the sandbox placed (it posts no callbacks: the fuzzer does), contacts waiting behind them
    await setUpCampaign(
      target.service,
      { campaignId: 'wh', agents: 6, contacts: 60, settings: { wrapUpSec: 5 } },
      FUZZ_START,
    );
    await target.settle();
    routes = registeredRoutes(target.service, '/webhooks');
  }, 60_000);

  afterAll(async () => {
    if (target !== undefined) {
      const calls = target.sandbox.calls.length;
      console.log(
        `${target.report(`Webhook fuzz (${RUNS} cases per route; the sandbox placed ${calls} calls meanwhile)`)}`,
      );
      await target.close();
    }
  });

  it('finds the four webhook routes, each with a generator that knows its shape', () => {
    expect(routes.map((route) => `${route.method} ${route.path}`).sort()).toEqual(
      expect.arrayContaining([
        'GET /webhooks/ccm/connect',
        'GET /webhooks/exotel/dial-whom',
        'POST /webhooks/ccm/status',
        'POST /webhooks/exotel/status',
      ]),
    );
    expect(
      routes
        .filter((route) => webhookKind(route) === 'unknown')
        .map((route) => `${route.method} ${route.path}`),
    ).toEqual([]);
    expect(target.sandbox.calls.length).toBe(6);
  });

  it('survives the requests that once hurt it, and other known-nasty ones', async () => {
    const call = target.sandbox.calls[0]!;
    const leg = (status: string) => ({ Status: status, OnCallDuration: '0' });
    const callback = {
      CallSid: call.callSid,
      EventType: 'answered',
      Status: 'in-progress',
      CustomField: call.attemptId,
    };
    const token = `token=${TEST_WEBHOOK_TOKEN}`;
    const post = (body: Buffer | string, contentType?: string): FuzzCaseRequest => ({
      group: 'webhooks:known-nasty',
      route: 'POST /webhooks/exotel/status',
      method: 'POST',
      path: `/webhooks/exotel/status?${token}`,
      headers: contentType === undefined ? {} : { 'content-type': contentType },
      body: typeof body === 'string' ? Buffer.from(body) : body,
      unauthenticated: false,
    });
    const nasty: FuzzCaseRequest[] = [
      // a leg index from the request used to size an array: 50 M took 20 s of the event loop, 2^32 - 2 forever
      post(
        JSON.stringify({ ...callback, Legs: { 0: leg('in-progress'), 4294967294: leg('in-progress') } }),
        'application/json',
      ),
      post(
        `${urlencoded(callback)}&Legs%5B0%5D%5BStatus%5D=in-progress&Legs%5B50000000%5D%5BStatus%5D=in-progress`,
        'application/x-www-form-urlencoded',
      ),
      post(
        multipart(
          { ...callback, 'Legs[0][Status]': 'in-progress', 'Legs[4294967294][Status]': 'completed' },
          'nasty',
        ),
        'multipart/form-data; boundary=nasty',
      ),
      post(
        `${urlencoded(callback)}&Legs%5B0%5D%5BStatus%5D=in-progress&Legs%5B4294967294%5D%5BStatus%5D=in-progress`,
      ),
      post('{}', 'application/json'),
      post(
        '{"__proto__": {"CallSid": "polluted", "Status": "completed"}, "constructor": {"prototype": {"Status": "completed"}}}',
        'application/json',
      ),
      post(deeplyNestedJson(5_000), 'application/json'),
      post(
        `{"CallSid": "x", "Status": "completed", "Legs": ${deeplyNestedJson(300_000)}}`,
        'application/json',
      ),
      post(`{"event_details": ${deeplyNestedJson(100_000, '{"a":', '}')}}`, 'application/json'),
      post('x'.repeat(300 * 1024)),
      post(`{"CallSid": "${'9'.repeat(1_100_000)}"}`, 'application/json'),
    ];
    for (const request of nasty) await target.exercise(request);
    await target.expectAlive();
  });

  it('answers every fuzzed request without a 5xx, refuses without writing, and stays up', async () => {
    const byName = new Map(routes.map((route) => [`${route.method} ${route.path}`, route]));
    const anyRoute = fc
      .constantFrom(...byName.keys())
      .chain((name) =>
        webhookCaseArbitrary(byName.get(name)!, target.clock.now()).map((spec) => ({ name, spec })),
      );
    await fc.assert(
      fc.asyncProperty(anyRoute, async ({ name, spec }) => {
        const route = byName.get(name)!;
        await target.exercise(buildWebhookRequest(route, spec, target));
        cases += 1;
        // wrap-ups end and the dialer places the next calls: fresh call sids for the callbacks to name
        if (cases % 12 === 0) await target.advance(15_000);
        if (cases % 200 === 0) await target.expectAlive();
      }),
      fuzzOptions(RUNS * routes.length),
    );
    await target.expectAlive();
    expect(cases).toBe(RUNS * routes.length);
    expect(target.sandbox.calls.length).toBeGreaterThan(6);
  }, 600_000);
});
