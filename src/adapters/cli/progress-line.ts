import type { RebuildProgress } from '../../application/projections/rebuild.js';
import type { Output } from './cli-command.js';

const BAR_WIDTH = 24;
const CLEAR_LINE = '\r\u001b[2K';

const count = (n: number | bigint) => n.toLocaleString('en-US');

export function eventsPerSecond(events: number, elapsedMs: number): number {
  return elapsedMs <= 0 ? 0 : Math.round((events * 1000) / elapsedMs);
}

function bar(position: bigint, total: bigint): string {
  const fraction = total <= 0n ? 1 : Math.min(1, Number(position) / Number(total));
  const filled = Math.round(fraction * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%`;
}

/**
 * Rebuild progress on stderr: one line redrawn in place on a terminal (at most 10 times a second), plain lines
 * (at most one a second) when stderr is a file or a pipe.
 */
export class ProgressLine {
  private lastDrawnAt = Number.NEGATIVE_INFINITY;
  private drawnInPlace = false;

  constructor(
    private readonly out: Output,
    /** The last position in the log when the rebuild began, when known: draws a bar. */
    private readonly total: bigint | undefined,
    private readonly now: () => number = () => performance.now(),
  ) {}

  update(progress: RebuildProgress): void {
    const now = this.now();
    if (now - this.lastDrawnAt < (this.out.isTTY ? 100 : 1000)) return;
    this.lastDrawnAt = now;
    this.draw(progress);
  }

  /** Draws the final state and ends the line. */
  finish(progress: RebuildProgress): void {
    this.draw(progress);
    if (this.drawnInPlace) this.out.write('\n');
  }

  describe({ events, position, elapsedMs }: RebuildProgress): string {
    const done = position < 0n ? 0n : position;
    const rate = `${count(events)} events  ${count(eventsPerSecond(events, elapsedMs))} events/s`;
    if (this.total === undefined) return `${rate}  position ${done}`;
    return `${bar(done, this.total)}  ${rate}  position ${done}/${this.total}`;
  }

  private draw(progress: RebuildProgress): void {
    if (this.out.isTTY) {
      this.out.write(`${CLEAR_LINE}${this.describe(progress)}`);
      this.drawnInPlace = true;
    } else {
      this.out.write(`${this.describe(progress)}\n`);
    }
  }
}
