import { parseArgs } from 'node:util';
import { ALL_PROJECTIONS } from '../../application/projections/projections.service.js';
import { rebuildReadModels, type RebuildProgress } from '../../application/projections/rebuild.js';
import { EXIT, UsageError, type CliCommand } from './cli-command.js';
import { withStores } from './cli-stores.js';
import { eventsPerSecond, ProgressLine } from './progress-line.js';

const TARGETS = ['all', ...ALL_PROJECTIONS.map((projection) => projection.name)] as const;

function selected(target: string) {
  if (!(TARGETS as readonly string[]).includes(target))
    throw new UsageError(`unknown read model "${target}": choose one of ${TARGETS.join(', ')}`);
  return target === 'all'
    ? ALL_PROJECTIONS
    : ALL_PROJECTIONS.filter((projection) => projection.name === target);
}

export function rebuildSummary(
  names: readonly string[],
  { events, position, elapsedMs }: RebuildProgress,
): string {
  const seconds = (elapsedMs / 1000).toFixed(2);
  const rate = eventsPerSecond(events, elapsedMs).toLocaleString('en-US');
  return `rebuilt ${names.join(', ')}: ${events.toLocaleString('en-US')} events in ${seconds} s (${rate} events/s), up to position ${position < 0n ? 0 : position}`;
}

/** `dialer rebuild [metrics|queue|presence|all]`: wipe and replay read models from the log, with a progress bar. */
export const rebuildCommand: CliCommand = {
  name: 'rebuild',
  usage: `rebuild [${TARGETS.slice(1).join('|')}|all]`,
  summary: 'rebuild read models from the event log (default: all)',
  details: [
    'Replays every event into staging rows, then swaps them in at once: readers (and a running service)',
    'keep the old read model until the new one is complete. Progress goes to stderr, the summary to stdout.',
  ],
  async run(args, io) {
    const { positionals } = parseArgs({ args: [...args], options: {}, allowPositionals: true });
    if (positionals.length > 1) throw new UsageError('rebuild takes at most one read model');
    const projections = selected(positionals[0] ?? 'all');
    const names = projections.map((projection) => projection.name);

    return withStores(io.env, async (stores) => {
      const progress = new ProgressLine(io.stderr, stores.lastPosition());
      const result = await rebuildReadModels(stores.events, stores.readModels, projections, {
        onProgress: (p) => progress.update(p),
      });
      progress.finish(result);
      io.stdout.write(`${rebuildSummary(names, result)}\n`);
      return EXIT.ok;
    });
  },
};
