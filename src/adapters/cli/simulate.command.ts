import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { readRecordedCampaign, UnknownCampaignError, type RecordedCampaign } from '../../application/simulation/recorded-campaign.js';
import { generatedContacts, type SimulatedSettings } from '../../application/simulation/simulation-plan.js';
import { DEFAULT_SETTINGS } from '../../domain/campaign/campaign-settings.js';
import { openSqliteEventStore } from '../event-store/sqlite.event-store.js';
import { DEFAULT_CALLS_PER_MINUTE, simulateCampaign, type SimulationRun } from '../simulation/simulate-campaign.js';
import { loadSimulationProfile, type SimulationProfile } from '../simulation/simulation-profile.js';
import { EXIT, UsageError, type CliCommand, type CliIo } from './cli-command.js';
import { formatReplayComparison } from './replay-comparison.format.js';
import { DEFAULT_AGENTS, DEFAULT_HOURS, applyChanges, defaultStartMs, parseSimulateOptions, type SimulateOptions } from './simulate-options.js';
import { simulationChartSvg } from './simulation-chart.svg.js';
import { formatSimulationReport, localTime } from './simulation-report.format.js';

const HOUR_MS = 3_600_000;

/** `dialer simulate`: a campaign day on the virtual clock, or a past campaign replayed through new settings. */
export const simulateCommand: CliCommand = {
  name: 'simulate',
  usage: 'simulate [options] [--replay <sqlite file>]',
  summary: 'forecast a campaign day in seconds on a virtual clock (real dialer, sandbox call model)',
  details: [
    'dialer simulate [--agents 100] [--contacts 20000] [--hours 8] [--profile default] [--seed 42] [--svg day.svg]',
    '',
    'Runs the real dialer, deciders and retry policy in this process against the sandbox call model (answer,',
    'busy, no-answer and failed rates per leg, ring and talk times, late/lost/duplicated callbacks) on a',
    'virtual clock. The same seed gives the same day. Agents paused by a missed call are made ready again by',
    'a simulated supervisor after the profile\'s "simulation.supervisorReadyDelaySec" (default 60 s).',
    '  --profile              a named sandbox profile (default, busy-day) or a JSON file: a sandbox profile,',
    '                         optionally with "simulation": { "supervisorReadyDelaySec", "wrapUpSec" }',
    '  --calls-per-minute N   the dialer\'s rate (default: the profile\'s callsPerMinute, else 60)',
    '  --start <ISO time>     when the shift starts (default Monday 2026-03-02 09:00 Asia/Kolkata)',
    '  --retry-after SEC, --max-attempts N, --window-from HH:MM, --window-to HH:MM   change the campaign settings',
    '  --no-callback-faults   deliver every callback once and on time',
    '  --svg <file>           write a chart: agents at work and idle, and dials, per 15 minutes',
    '  --json                 the numbers as JSON instead of text',
    '  --replay <file>        re-run a past campaign\'s contacts (from a SQLite event store) with its recorded',
    '                         settings and with the changed ones; print recorded, old and new side by side.',
    '                         Agents, hours and start default to the recorded campaign\'s.',
    '  --campaign <id>        which campaign to replay when the store holds several',
  ],
  async run(args, io) {
    const options = parseSimulateOptions(args);
    const profile = await loadProfileOrUsage(options.profile);
    return options.replayFile === undefined ? simulateDay(options, profile, io) : replayCampaign(options, options.replayFile, profile, io);
  },
};

async function simulateDay(options: SimulateOptions, profile: SimulationProfile, io: CliIo): Promise<number> {
  const settings = applyChanges({}, options.changes);
  const run = await simulateCampaign({
    agents: options.agents ?? DEFAULT_AGENTS,
    contacts: generatedContacts(options.contacts),
    hours: options.hours ?? DEFAULT_HOURS,
    profile,
    seed: options.seed,
    startMs: options.startMs ?? defaultStartMs(),
    settings,
    callbackFaults: options.callbackFaults,
    ...(options.changes.callsPerMinute === undefined ? {} : { callsPerMinute: options.changes.callsPerMinute }),
  });
  const timeZone = (settings.window ?? DEFAULT_SETTINGS.window).timeZone;
  await writeChart(options.svgFile, run, timeZone, `${options.profile}, seed ${options.seed}`);
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ ...run.result, profileBound: run.profileBound, agentConflicts: run.agentConflicts, wallMs: Math.round(run.wallMs) }, null, 2)}\n`);
  } else {
    io.stdout.write(
      formatSimulationReport(run.result, {
        profile: options.profile,
        seed: options.seed,
        timeZone,
        profileBound: run.profileBound,
        agentConflicts: run.agentConflicts,
        wallMs: run.wallMs,
        ...(options.svgFile === undefined ? {} : { svgFile: options.svgFile }),
      }),
    );
  }
  return run.result.dialerErrors.length === 0 ? EXIT.ok : EXIT.failed;
}

async function replayCampaign(options: SimulateOptions, file: string, profile: SimulationProfile, io: CliIo): Promise<number> {
  if (!existsSync(file)) throw new UsageError(`--replay: no event store at ${file}`);
  const recorded = await readRecorded(file, options.campaignId, io);
  if (recorded === undefined) return EXIT.notFound;
  const agents = options.agents ?? recorded.agents;
  if (agents === 0) throw new UsageError(`campaign ${recorded.campaignId} had no agents assigned: pass --agents`);
  const base = recordedSettings(recorded);
  const after = applyChanges(base, options.changes);
  const oldRate = profile.calls.callsPerMinute ?? DEFAULT_CALLS_PER_MINUTE;
  const newRate = options.changes.callsPerMinute ?? oldRate;
  const day = {
    agents,
    contacts: recorded.contacts,
    hours: options.hours ?? recordedHours(recorded),
    profile,
    seed: options.seed,
    startMs: options.startMs ?? recorded.outcome.firstDialMs ?? recorded.startedAtMs ?? defaultStartMs(),
    callbackFaults: options.callbackFaults,
  };
  const before = await simulateCampaign({ ...day, settings: base, callsPerMinute: oldRate });
  const changed = await simulateCampaign({ ...day, settings: after, callsPerMinute: newRate });
  const timeZone = recorded.settings.window.timeZone;
  await writeChart(options.svgFile, changed, timeZone, `replay of ${recorded.campaignId} with the new settings`);
  const comparison = {
    recorded,
    before: { settings: base, callsPerMinute: oldRate, result: before.result },
    after: { settings: after, callsPerMinute: newRate, result: changed.result },
    profile: options.profile,
    seed: options.seed,
    timeZone,
  };
  if (options.json) io.stdout.write(`${JSON.stringify({ ...comparison, recorded: { ...recorded, contacts: recorded.contacts.length } }, null, 2)}\n`);
  else io.stdout.write(`${formatReplayComparison(comparison)}${options.svgFile === undefined ? '' : `Chart of the new settings written to ${options.svgFile}\n`}`);
  return EXIT.ok;
}

async function readRecorded(file: string, campaignId: string | undefined, io: CliIo): Promise<RecordedCampaign | undefined> {
  const store = openSqliteEventStore(file);
  try {
    return await readRecordedCampaign(store, campaignId);
  } catch (error) {
    if (!(error instanceof UnknownCampaignError)) throw error;
    io.stderr.write(`${error.message}\n`);
    return undefined;
  } finally {
    await store.close();
  }
}

function recordedSettings(recorded: RecordedCampaign): SimulatedSettings {
  const { window, retry, ringTimeoutSec, maxCallDurationSec, wrapUpSec, recording } = recorded.settings;
  return { window, retry, ringTimeoutSec, maxCallDurationSec, wrapUpSec, recording };
}

/** The hours the recorded campaign's agents dialled (first dial to last call end), at least one. */
function recordedHours(recorded: RecordedCampaign): number {
  const { firstDialMs, lastCallEndMs } = recorded.outcome;
  if (firstDialMs === undefined || lastCallEndMs === undefined) return DEFAULT_HOURS;
  return Math.max(1, Math.ceil((lastCallEndMs - firstDialMs) / HOUR_MS));
}

async function loadProfileOrUsage(nameOrPath: string): Promise<SimulationProfile> {
  try {
    return await loadSimulationProfile(nameOrPath);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function writeChart(file: string | undefined, run: SimulationRun, timeZone: string, about: string): Promise<void> {
  if (file === undefined) return;
  const { result } = run;
  const subtitle = `${result.agents} agents, ${result.contacts.total.toLocaleString('en-US')} contacts, ${localTime(result.startMs, timeZone)} (${timeZone}), ${about}`;
  await writeFile(file, simulationChartSvg(result, { timeZone, subtitle }));
}
