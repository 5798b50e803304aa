import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_PROFILE,
  loadProfile,
  parseProfile,
  PROFILE_NAMES,
} from '../../../../src/adapters/telephony/sandbox/sandbox.profile.js';
import { scriptedProfile } from '../support/test-profiles.js';

describe('sandbox profiles', () => {
  it('the named default profile is DEFAULT_PROFILE', async () => {
    expect(await loadProfile('default')).toEqual(DEFAULT_PROFILE);
  });

  it.each(PROFILE_NAMES)('the named profile %s is valid', async (name) => {
    expect((await loadProfile(name)).name).toBe(name);
  });

  it('loads a profile from a JSON file', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'sandbox-profile-'));
    try {
      const path = join(directory, 'all-busy.json');
      await writeFile(path, JSON.stringify(scriptedProfile({ customer: 'busy' })));
      expect(await loadProfile(path)).toEqual(scriptedProfile({ customer: 'busy' }));
    } finally {
      await rm(directory, { recursive: true });
    }
  });

  it('says which names exist when neither a name nor a file', async () => {
    await expect(loadProfile('no-such-profile')).rejects.toThrow(/default, busy-day/);
  });

  it.each<[string, unknown, string]>([
    [
      'a probability above 1',
      { ...scriptedProfile(), agent: { ...scriptedProfile().agent, busy: 1.5 } },
      'agent.busy',
    ],
    ['an unknown distribution', { ...scriptedProfile(), talkTime: { kind: 'gamma', shape: 2 } }, 'talkTime'],
    [
      'a uniform with max below min',
      { ...scriptedProfile(), talkTime: { kind: 'uniform', min: 10, max: 5 } },
      'talkTime',
    ],
    [
      'no outcome with weight',
      { ...scriptedProfile(), customer: { ...scriptedProfile().customer, answer: 0 } },
      'customer',
    ],
    ['an unknown field', { ...scriptedProfile(), agents: 3 }, '(root)'],
  ])('refuses %s, naming the field', (_what, input, field) => {
    expect(() => parseProfile(input)).toThrow(`sandbox profile: ${field}`);
  });
});
