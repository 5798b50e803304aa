import { EVENT_STORE, type EventStore } from '../../../../src/application/ports/event-store.port.js';
import type { TestService } from '../../../support/test-service.js';

export interface Answer<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

/** Sends a request with the API key and reads the JSON answer. */
export async function call<T = Loose>(
  service: TestService,
  method: string,
  path: string,
  json?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer<T>> {
  const response = await service.api(path, { method, ...(json === undefined ? {} : { json }), headers });
  const text = await response.text();
  return {
    status: response.status,
    body: (text === '' ? undefined : JSON.parse(text)) as T,
    headers: response.headers,
  };
}

export async function countEvents(service: TestService): Promise<number> {
  let count = 0;
  for await (const _event of service.app.get<EventStore>(EVENT_STORE).readAll()) count += 1;
  return count;
}

export const CALLER_ID = '+918047112222';

let sequence = 0;
/** A fresh id per test, so tests sharing one service do not collide. */
export const uniqueId = (prefix: string) => `${prefix}-${process.pid}-${++sequence}`;

export async function createCampaign(
  service: TestService,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const id = uniqueId('k');
  const answer = await call(service, 'POST', '/api/campaigns', {
    id,
    name: `Campaign ${id}`,
    callerId: CALLER_ID,
    ...extra,
  });
  if (answer.status !== 201)
    throw new Error(`campaign not created: ${answer.status} ${JSON.stringify(answer.body)}`);
  return id;
}

export async function registerAgent(
  service: TestService,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const id = uniqueId('ag');
  const answer = await call(service, 'POST', '/api/agents', {
    id,
    name: `Agent ${id}`,
    phone: `+91987650${String(sequence).padStart(4, '0')}`,
    ...extra,
  });
  if (answer.status !== 201)
    throw new Error(`agent not registered: ${answer.status} ${JSON.stringify(answer.body)}`);
  return id;
}
