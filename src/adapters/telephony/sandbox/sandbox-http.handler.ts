import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../../application/ports/clock.port.js';
import type { FaultSwitches } from './http-faults.js';
import { readBody, recordRequest } from './recorded-request.js';
import type { RecordedRequest } from './sandbox-call.js';
import {
  INTERNAL_ERROR,
  SandboxRejection,
  TOO_MANY_REQUESTS,
  UNAUTHORIZED,
  UNKNOWN_ACCOUNT,
} from './sandbox-rejection.js';
import type { SandboxResponse, SandboxRoute } from './sandbox-route.js';

export interface RequestCounters {
  requests: number;
  unauthorized: number;
  /** Refused as the provider would refuse them (validation, unknown call, device busy…). */
  refused: number;
  rateLimited: number;
  serverErrors: number;
  resets: number;
  /** Handled but never answered (the `timeoutMs` fault). */
  hung: number;
}

export interface SandboxHttpDependencies {
  readonly routes: readonly SandboxRoute[];
  readonly accountSid: string;
  readonly apiKey: string;
  readonly apiToken: string;
  readonly faults: FaultSwitches;
  readonly clock: Clock;
}

/** Records every request, applies the fault switches, checks Basic auth and the account, then routes. */
export class SandboxHttpHandler {
  readonly requests: RecordedRequest[] = [];
  readonly counters: RequestCounters = {
    requests: 0,
    unauthorized: 0,
    refused: 0,
    rateLimited: 0,
    serverErrors: 0,
    resets: 0,
    hung: 0,
  };
  readonly #deps: SandboxHttpDependencies;
  readonly #expectedAuthorization: Buffer;
  // slow and hung answers wait on the wall clock: the client's own timeout is wall-clock time
  readonly #pending = new Set<NodeJS.Timeout>();

  constructor(dependencies: SandboxHttpDependencies) {
    this.#deps = dependencies;
    this.#expectedAuthorization = Buffer.from(
      `Basic ${Buffer.from(`${dependencies.apiKey}:${dependencies.apiToken}`).toString('base64')}`,
    );
  }

  readonly handle = (request: IncomingMessage, response: ServerResponse): void => {
    void this.#handle(request, response).catch(() => request.socket.destroy());
  };

  close(): void {
    for (const timer of this.#pending) clearTimeout(timer);
    this.#pending.clear();
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readBody(request);
    const url = new URL(request.url ?? '/', 'http://sandbox');
    const recorded = recordRequest(request, url, raw, this.#deps.clock.now());
    this.requests.push(recorded);
    this.counters.requests += 1;

    const matched = matchRoute(this.#deps.routes, recorded.method, url.pathname);
    if (matched === undefined) {
      send(response, { status: 404, body: { error: `no route for ${recorded.method} ${url.pathname}` } });
      return;
    }
    const refusal = this.#deps.faults.refusal();
    if (refusal === 'reset') {
      this.counters.resets += 1;
      request.socket.destroy();
      return;
    }
    const answer = this.#answer(matched, recorded, request.headers.authorization, refusal);
    this.#respond(request, response, answer);
  }

  #answer(
    matched: MatchedRoute,
    recorded: RecordedRequest,
    authorization: string | undefined,
    refusal: 'rate-limit' | 'server-error' | undefined,
  ): SandboxResponse {
    const { route, parameters } = matched;
    try {
      if (refusal === 'rate-limit') throw TOO_MANY_REQUESTS;
      if (refusal === 'server-error') throw INTERNAL_ERROR;
      if (!this.#isAuthorized(authorization)) throw UNAUTHORIZED;
      if (decodeURIComponent(parameters[0]!) !== this.#deps.accountSid) throw UNKNOWN_ACCOUNT;
      return route.handle(recorded, parameters);
    } catch (error) {
      if (!(error instanceof SandboxRejection)) throw error;
      this.#count(error);
      return route.dialect.refusal(error, recorded);
    }
  }

  #respond(request: IncomingMessage, response: ServerResponse, answer: SandboxResponse): void {
    const { timeoutMs } = this.#deps.faults;
    if (timeoutMs !== undefined) {
      this.counters.hung += 1;
      this.#later(timeoutMs, () => request.socket.destroy());
    } else if (this.#deps.faults.slowMs > 0) {
      this.#later(this.#deps.faults.slowMs, () => send(response, answer));
    } else {
      send(response, answer);
    }
  }

  #count(rejection: SandboxRejection): void {
    if (rejection === UNAUTHORIZED) this.counters.unauthorized += 1;
    else if (rejection === TOO_MANY_REQUESTS) this.counters.rateLimited += 1;
    else if (rejection === INTERNAL_ERROR) this.counters.serverErrors += 1;
    else this.counters.refused += 1;
  }

  #isAuthorized(header: string | undefined): boolean {
    if (header === undefined) return false;
    const given = Buffer.from(header);
    return (
      given.length === this.#expectedAuthorization.length &&
      timingSafeEqual(given, this.#expectedAuthorization)
    );
  }

  #later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.#pending.delete(timer);
      fn();
    }, ms);
    this.#pending.add(timer);
  }
}

interface MatchedRoute {
  readonly route: SandboxRoute;
  readonly parameters: readonly string[];
}

function matchRoute(routes: readonly SandboxRoute[], method: string, path: string): MatchedRoute | undefined {
  for (const route of routes) {
    const match = route.method === method ? route.pattern.exec(path) : null;
    if (match) return { route, parameters: match.slice(1) };
  }
  return undefined;
}

function send(response: ServerResponse, answer: SandboxResponse): void {
  if (response.destroyed) return;
  const body = JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}
