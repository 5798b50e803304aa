import type { Projector } from '../../../../src/application/projections/projector.js';
import type { ProjectionsService } from '../../../../src/application/projections/projections.service.js';

/** A projector standing at `position`; `catchUpTo` says where `waitFor` brings it (and whether it gets there). */
export class FakeProjector {
  waited: { position: bigint; timeoutMs: number }[] = [];

  constructor(
    public position: bigint,
    private readonly catchUpTo?: bigint,
  ) {}

  caughtUpTo(): bigint {
    return this.position;
  }

  waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    this.waited.push({ position, timeoutMs });
    if (this.catchUpTo !== undefined) this.position = this.catchUpTo;
    return Promise.resolve(this.position >= position);
  }

  asService(): Pick<ProjectionsService, 'projector'> {
    return { projector: this as unknown as Projector };
  }
}
