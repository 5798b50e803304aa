import { describe, expect, it } from '@jest/globals';
import { MemoryEventStore } from '../../../src/adapters/event-store/memory.event-store.js';
import { ReadinessProbe, type ReadinessLimits } from '../../../src/adapters/observability/readiness.probe.js';
import type { ReadAllOptions, StoredEvent } from '../../../src/application/ports/event-store.port.js';
import { anEvent } from '../event-store/event-store.helpers.js';
import { FakeProjector } from './support/fake-projector.js';

const LIMITS: ReadinessLimits = { storeTimeoutMs: 50, maxLagEvents: 3, catchUpMs: 20 };

class DenseStore extends MemoryEventStore {
  last = 0n;
  lastPosition(): bigint {
    return this.last;
  }
}

/** A store whose reads never answer (a hung connection) or fail. */
class UnreachableStore extends MemoryEventStore {
  constructor(private readonly mode: 'hang' | 'fail') {
    super();
  }

  override readAll(_options?: ReadAllOptions): AsyncIterable<StoredEvent> {
    const mode = this.mode;
    return {
      [Symbol.asyncIterator]: () => ({
        next: () =>
          mode === 'hang'
            ? new Promise<IteratorResult<StoredEvent>>(() => undefined)
            : Promise.reject(new Error('connect ECONNREFUSED esdb://admin:changeit@db:2113')),
      }),
    };
  }
}

describe('readiness', () => {
  it('is ok when the store answers and the read models are within the bound', async () => {
    const store = new DenseStore();
    store.last = 12n;
    const probe = new ReadinessProbe(store, new FakeProjector(10n).asService(), LIMITS);
    expect(await probe.check()).toEqual({
      status: 'ok',
      failed: [],
      checks: { eventStore: { status: 'ok' }, projections: { status: 'ok', lagEvents: 2 } },
    });
  });

  it('is ok when a projector further behind reaches the head within the catch-up time', async () => {
    const store = new DenseStore();
    store.last = 500n;
    const projector = new FakeProjector(10n, 500n);
    const readiness = await new ReadinessProbe(store, projector.asService(), LIMITS).check();
    expect(readiness.status).toBe('ok');
    expect(projector.waited).toEqual([{ position: 500n, timeoutMs: 20 }]);
  });

  it('fails the projections check, saying how far behind, when the projector does not catch up', async () => {
    const store = new DenseStore();
    store.last = 500n;
    const readiness = await new ReadinessProbe(store, new FakeProjector(10n).asService(), LIMITS).check();
    expect(readiness).toMatchObject({
      status: 'unavailable',
      failed: ['projections'],
      checks: { eventStore: { status: 'ok' }, projections: { status: 'failed', lagEvents: 490 } },
    });
    expect(readiness.checks.projections.reason).toBe(
      'read models are 490 events behind the event store (bound 3) and did not catch up within 20 ms',
    );
  });

  it('counts the lag on a store without dense positions, and re-counts after waiting', async () => {
    const store = new MemoryEventStore();
    await store.append(
      'test-1',
      [anEvent(), anEvent(), anEvent(), anEvent(), anEvent(), anEvent()],
      'no_stream',
    );
    const projector = new FakeProjector(0n, 5n);
    const readiness = await new ReadinessProbe(store, projector.asService(), LIMITS).check();
    expect(projector.waited).toEqual([{ position: 4n, timeoutMs: 20 }]);
    expect(readiness).toMatchObject({
      status: 'ok',
      checks: { projections: { status: 'ok', lagEvents: 1 } },
    });
  });

  it('fails the event store check when a read does not answer in time', async () => {
    const readiness = await new ReadinessProbe(
      new UnreachableStore('hang'),
      new FakeProjector(-1n).asService(),
      LIMITS,
    ).check();
    expect(readiness).toMatchObject({ status: 'unavailable', failed: ['eventStore', 'projections'] });
    expect(readiness.checks.eventStore.reason).toBe('event store read: no answer within 50 ms');
  });

  it('reports a failing store without the credentials of its connection string', async () => {
    const readiness = await new ReadinessProbe(
      new UnreachableStore('fail'),
      new FakeProjector(-1n).asService(),
      LIMITS,
    ).check();
    expect(readiness.failed).toContain('eventStore');
    expect(readiness.checks.eventStore.reason).toBe('connect ECONNREFUSED esdb://[redacted]@db:2113');
  });
});
