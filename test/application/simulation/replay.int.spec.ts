import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { simulateCommand } from '../../../src/adapters/cli/simulate.command.js';
import { VirtualClock } from '../../../src/adapters/clock/virtual.clock.js';
import { openSqliteEventStore } from '../../../src/adapters/event-store/sqlite.event-store.js';
import { DEFAULT_SIMULATION_START } from '../../../src/adapters/simulation/simulate-campaign.js';
import { loadSimulationProfile } from '../../../src/adapters/simulation/simulation-profile.js';
import { InProcessTelephony } from '../../../src/adapters/telephony/sandbox/in-process.telephony.js';
import { readRecordedCampaign, type RecordedCampaign } from '../../../src/application/simulation/recorded-campaign.js';
import { runSimulation } from '../../../src/application/simulation/run-simulation.js';
import { generatedContacts } from '../../../src/application/simulation/simulation-plan.js';
import type { SimulationResult } from '../../../src/application/simulation/simulation-result.js';

const START = Date.parse(DEFAULT_SIMULATION_START);

function capture() {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
  };
  return { io, out: () => stdout, err: () => stderr };
}

describe('a campaign recorded in SQLite, read back and replayed through new settings', () => {
  let folder: string;
  let file: string;
  let result: SimulationResult;
  let recorded: RecordedCampaign;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'simulation-replay-'));
    file = join(folder, 'recorded.db');
    const profile = await loadSimulationProfile('default');
    const clock = new VirtualClock(START);
    const events = openSqliteEventStore(file);
    try {
      const telephony = new InProcessTelephony({ clock, profile: profile.calls, seed: 11 });
      result = await runSimulation(
        { events, clock, telephony },
        { campaignId: 'k-rec', agents: 3, contacts: generatedContacts(60), startMs: START, hours: 1, settings: { wrapUpSec: 10 }, callsPerMinute: 60, supervisorReadyDelaySec: 60 },
      );
      recorded = await readRecordedCampaign(events);
    } finally {
      await events.close();
    }
  }, 120_000);

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('reads the campaign back as the day left it: settings, agents, contacts and their fate', () => {
    expect(recorded.campaignId).toBe('k-rec');
    expect(recorded.agents).toBe(3);
    expect(recorded.settings.wrapUpSec).toBe(10);
    expect(recorded.contacts.map((contact) => contact.phone)).toEqual(generatedContacts(60).map((contact) => contact.phone));
    expect(recorded.outcome.contacts).toEqual(result.contacts);
    expect(recorded.outcome.dials).toBe(result.dials);
    expect(recorded.outcome.outcomes).toEqual(result.outcomes);
    expect(recorded.outcome.firstDialMs).toBe(START);
  });

  it('prints the record, the recorded settings and the new settings side by side', async () => {
    const { io, out, err } = capture();
    const code = await simulateCommand.run(['--replay', file, '--retry-after', '600', '--max-attempts', '5', '--window-to', '20:00', '--hours', '1'], io);
    expect(err()).toBe('');
    expect(code).toBe(0);
    const text = out();
    expect(text).toContain('Replay of campaign k-rec: 60 contacts, 3 agents × 1 h');
    expect(text).toMatch(/retry after\s+300 s\s+300 s\s+600 s/);
    expect(text).toMatch(/max attempts\s+3\s+3\s+5/);
    expect(text).toMatch(/calling window\s+09:00–21:00 Asia\/Kolkata\s+09:00–21:00 Asia\/Kolkata\s+09:00–20:00 Asia\/Kolkata/);
    expect(text).toMatch(new RegExp(`dials\\s+${result.dials}\\s`));
  }, 60_000);

  it('answers 1 and lists the campaigns the store holds when the one asked for is not there', async () => {
    const { io, err } = capture();
    const code = await simulateCommand.run(['--replay', file, '--campaign', 'nope'], io);
    expect(code).toBe(1);
    expect(err()).toContain('campaign "nope" is not in the store (it holds: k-rec)');
  });
});
