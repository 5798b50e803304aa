import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
import { MemoryEventStore } from '../../../src/adapters/event-store/memory.event-store.js';
import type { Readiness } from '../../../src/adapters/observability/readiness.probe.js';
import { AgentCommandMessage } from '../../../src/application/commands/command-messages.js';
import type { ReadAllOptions, StoredEvent } from '../../../src/application/ports/event-store.port.js';
import { ProjectionsService } from '../../../src/application/projections/projections.service.js';
import { startTestService, type TestService } from '../../support/test-service.js';

/** An in-memory store whose reads can be made to fail, as a lost database connection would. */
class BreakableStore extends MemoryEventStore {
  broken = false;

  override readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent> {
    if (this.broken) throw new Error('connection to the event store lost');
    return super.readAll(options);
  }
}

async function get(service: TestService, path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${service.baseUrl}${path}`);
  return { status: response.status, body: await response.json() };
}

describe('/health (real service, real HTTP)', () => {
  let service: TestService;
  let breakable: TestService;
  const store = new BreakableStore();

  beforeAll(async () => {
    [service, breakable] = await Promise.all([
      startTestService(),
      startTestService({}, { eventStore: store }),
    ]);
    await service.app
      .get(CommandBus)
      .execute(
        new AgentCommandMessage(
          {
            type: 'RegisterAgent',
            agentId: 'ag1',
            name: 'Asha',
            phone: '09876543210',
            at: '2026-03-02T04:30:00.000Z',
          },
          { commandId: 'h-1', actor: 'test' },
        ),
      );
  });

  afterAll(() => Promise.all([service.close(), breakable.close()]));

  it('answers liveness on /health and /health/live without an API key', async () => {
    expect(await get(service, '/health')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await get(service, '/health/live')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('is ready once the projector has caught up with the store', async () => {
    const projections = service.app.get(ProjectionsService);
    for (let i = 0; i < 100 && projections.projector.caughtUpTo() < 1n; i += 1)
      await new Promise((r) => setTimeout(r, 20));
    const { status, body } = await get(service, '/health/ready');
    expect(status).toBe(200);
    expect(body).toEqual({
      status: 'ok',
      failed: [],
      checks: { eventStore: { status: 'ok' }, projections: { status: 'ok', lagEvents: 0 } },
    });
  });

  it('answers 503 naming the failed check when the event store does not answer, and recovers', async () => {
    store.broken = true;
    const down = await get(breakable, '/health/ready');
    store.broken = false;
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      status: 'unavailable',
      checks: { eventStore: { status: 'failed', reason: 'connection to the event store lost' } },
    });
    expect((down.body as Readiness).failed).toContain('eventStore');
    expect(await get(breakable, '/health')).toEqual({ status: 200, body: { status: 'ok' } });
    expect((await get(breakable, '/health/ready')).status).toBe(200);
  });
});
