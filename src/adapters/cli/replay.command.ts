import { parseArgs } from 'node:util';
import { parseStreamId } from '../../application/events/streams.js';
import type { StoredEvent } from '../../application/ports/event-store.port.js';
import { EXIT, UsageError, type CliCommand, type CliIo } from './cli-command.js';
import { collect, withStores } from './cli-stores.js';
import { eventAsJson, maskPhones, timelineLine } from './timeline.format.js';

function masked(event: StoredEvent): StoredEvent {
  return { ...event, data: maskPhones(event.data) };
}

function notFound(streamId: string, io: CliIo): number {
  const hint =
    parseStreamId(streamId) === undefined
      ? ' (stream names look like contact-<id>, agent-<id>, campaign-<id>)'
      : '';
  io.stderr.write(`stream ${streamId} not found: it has no events${hint}\n`);
  return EXIT.notFound;
}

/** `dialer replay <stream>`: the audit trail of one contact, agent or campaign. */
export const replayCommand: CliCommand = {
  name: 'replay',
  usage: 'replay <stream> [--json] [--mask]',
  summary: 'print a stream as a timeline (contact-c1, agent-ag1, campaign-k1)',
  details: [
    'One line per event: recorded time, #revision, type, key facts (business time when it differs,',
    'attempt, agent, outcome, disposition, due time, reason…) and [actor, causation].',
    '  --json   the raw stored events instead, as a JSON array',
    '  --mask   mask phone numbers (only the last 4 digits stay)',
  ],
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { json: { type: 'boolean', default: false }, mask: { type: 'boolean', default: false } },
      allowPositionals: true,
    });
    const [streamId, ...extra] = positionals;
    if (streamId === undefined || extra.length > 0)
      throw new UsageError('replay takes exactly one stream, e.g. contact-c1');

    return withStores(io.env, async ({ events }) => {
      const stored = await collect(events.readStream(streamId));
      if (stored.length === 0) return notFound(streamId, io);
      const shown = values.mask ? stored.map(masked) : stored;
      if (values.json) {
        io.stdout.write(`${JSON.stringify(shown.map(eventAsJson), null, 2)}\n`);
      } else {
        io.stdout.write(`${streamId}: ${stored.length} event${stored.length === 1 ? '' : 's'}\n`);
        for (const event of shown) io.stdout.write(`${timelineLine(event)}\n`);
      }
      return EXIT.ok;
    });
  },
};
