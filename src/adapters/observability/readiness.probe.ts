import { Inject, Injectable, Optional } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../../application/ports/event-store.port.js';
import { ProjectionsService } from '../../application/projections/projections.service.js';
import { projectionLag } from './projection-lag.js';
import { createRedactor } from './redact.js';
import { withTimeout } from './with-timeout.js';

export interface ReadinessLimits {
  /** How long the event store has to answer a one-event read. */
  readonly storeTimeoutMs: number;
  /** The read models may be this many events behind and still count as ready. */
  readonly maxLagEvents: number;
  /** Further behind than that, the projector has this long to reach the store's head as it was when asked. */
  readonly catchUpMs: number;
}

export const DEFAULT_READINESS_LIMITS: ReadinessLimits = {
  storeTimeoutMs: 1000,
  maxLagEvents: 1000,
  catchUpMs: 5000,
};
/** Optional provider to change the limits (tests). */
export const READINESS_LIMITS = Symbol('READINESS_LIMITS');

export interface CheckResult {
  readonly status: 'ok' | 'failed';
  readonly reason?: string;
  readonly lagEvents?: number;
}

export interface Readiness {
  readonly status: 'ok' | 'unavailable';
  /** The names of the checks that failed. */
  readonly failed: readonly string[];
  readonly checks: { readonly eventStore: CheckResult; readonly projections: CheckResult };
}

/** Reasons may quote a driver's error: keep connection-string credentials out of an unauthenticated answer. */
const redactor = createRedactor();

/** `/health/ready`: the event store answers a read, and the read models are within a bound of it. */
@Injectable()
export class ReadinessProbe {
  private readonly limits: ReadinessLimits;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(ProjectionsService) private readonly projections: Pick<ProjectionsService, 'projector'>,
    @Optional() @Inject(READINESS_LIMITS) limits?: ReadinessLimits,
  ) {
    this.limits = limits ?? DEFAULT_READINESS_LIMITS;
  }

  async check(): Promise<Readiness> {
    const [eventStore, projections] = await Promise.all([this.checkStore(), this.checkProjections()]);
    const failed = Object.entries({ eventStore, projections })
      .filter(([, result]) => result.status === 'failed')
      .map(([name]) => name);
    return {
      status: failed.length === 0 ? 'ok' : 'unavailable',
      failed,
      checks: { eventStore, projections },
    };
  }

  private async checkStore(): Promise<CheckResult> {
    try {
      await withTimeout(this.readOne(), this.limits.storeTimeoutMs, 'event store read');
      return { status: 'ok' };
    } catch (error) {
      return { status: 'failed', reason: redactor.text((error as Error).message) };
    }
  }

  private async readOne(): Promise<void> {
    for await (const _event of this.events.readAll({ maxCount: 1 })) break;
  }

  private async checkProjections(): Promise<CheckResult> {
    const { maxLagEvents, catchUpMs, storeTimeoutMs } = this.limits;
    const projector = this.projections.projector;
    try {
      const lag = await withTimeout(
        projectionLag(this.events, projector.caughtUpTo(), maxLagEvents),
        storeTimeoutMs,
        'event store read',
      );
      if (lag.events <= maxLagEvents || lag.head === undefined)
        return { status: 'ok', lagEvents: lag.events };
      const caughtUp = await projector.waitFor(lag.head, catchUpMs);
      const after = await withTimeout(
        projectionLag(this.events, projector.caughtUpTo(), maxLagEvents),
        storeTimeoutMs,
        'event store read',
      );
      if (caughtUp && (after.events <= maxLagEvents || !after.capped))
        return { status: 'ok', lagEvents: after.events };
      const behind = `${after.events}${after.capped ? '+' : ''}`;
      return {
        status: 'failed',
        lagEvents: after.events,
        reason: `read models are ${behind} events behind the event store (bound ${maxLagEvents}) and did not catch up within ${catchUpMs} ms`,
      };
    } catch (error) {
      return { status: 'failed', reason: redactor.text((error as Error).message) };
    }
  }
}
