// The process's major GCs (mark-compact) over a stretch of time: with a heap of a hundred megabytes or more, each one
// marks for a few hundred milliseconds, on the main thread in steps and on the other cores in the background.
import { PerformanceObserver, constants, performance, type PerformanceEntry } from 'node:perf_hooks';

export interface MajorGcs {
  readonly count: number;
  /** When each started, in seconds from the start of the watch. */
  readonly atSeconds: readonly number[];
  /** The pause of each at its end (the marking before it is not counted here). */
  readonly pauseMs: readonly number[];
}

/** Starts watching; `stop()` ends the watch and says what happened during it. */
export function watchMajorGcs(): { stop(): MajorGcs } {
  const started = performance.now();
  const seen: { at: number; pause: number }[] = [];
  const note = (entries: readonly PerformanceEntry[]) => {
    for (const entry of entries) {
      const kind = (entry as { readonly detail?: { readonly kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR && entry.startTime >= started) seen.push({ at: (entry.startTime - started) / 1000, pause: entry.duration });
    }
  };
  const observer = new PerformanceObserver((list) => note(list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  return {
    stop: () => {
      note(observer.takeRecords());
      observer.disconnect();
      return { count: seen.length, atSeconds: seen.map((gc) => gc.at), pauseMs: seen.map((gc) => gc.pause) };
    },
  };
}
