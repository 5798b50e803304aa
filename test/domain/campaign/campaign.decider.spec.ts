import { describe, expect, it } from '@jest/globals';
import type {
  CampaignSettings,
  CampaignSettingsInput,
} from '../../../src/domain/campaign/campaign-settings.js';
import { campaignDecider } from '../../../src/domain/campaign/campaign.decider.js';
import type { CampaignCommand } from '../../../src/domain/campaign/campaign.commands.js';
import type { CampaignEvent } from '../../../src/domain/campaign/campaign.events.js';
import { specFor } from '../../support/decider-spec.js';

const given = specFor(campaignDecider);

const T0 = '2026-03-02T04:30:00.000Z'; // created
const T1 = '2026-03-02T04:31:00.000Z'; // started
const T2 = '2026-03-02T05:00:00.000Z'; // paused
const T3 = '2026-03-02T06:00:00.000Z'; // the command under test

const CAMPAIGN = 'k1';

/** What a campaign gets when only a name and a caller id are given. */
const SETTINGS: CampaignSettings = {
  name: 'March renewals',
  callerId: '+918047112345',
  provider: 'sandbox',
  window: { timeZone: 'Asia/Kolkata', days: [1, 2, 3, 4, 5, 6], from: '09:00', to: '21:00' },
  retry: {
    busy: { retryAfterSec: 300, maxAttempts: 3 },
    'no-answer': { retryAfterSec: 300, maxAttempts: 3 },
    failed: { retryAfterSec: 300, maxAttempts: 3 },
  },
  ringTimeoutSec: 30,
  maxCallDurationSec: 3600,
  wrapUpSec: 15,
  recording: { enabled: false, channels: 'single' },
};

// ---- events ----
const created = (settings: CampaignSettings = SETTINGS): CampaignEvent => ({
  type: 'CampaignCreated',
  data: { campaignId: CAMPAIGN, settings, at: T0 },
});
const updated = (changes: Partial<CampaignSettings>, at = T3): CampaignEvent => ({
  type: 'CampaignUpdated',
  data: { campaignId: CAMPAIGN, changes, at },
});
const started = (at = T1): CampaignEvent => ({ type: 'CampaignStarted', data: { campaignId: CAMPAIGN, at } });
const paused = (reason: string, at = T2): CampaignEvent => ({
  type: 'CampaignPaused',
  data: { campaignId: CAMPAIGN, reason, at },
});
const resumed = (at = T3): CampaignEvent => ({ type: 'CampaignResumed', data: { campaignId: CAMPAIGN, at } });
const stopped = (at = T2): CampaignEvent => ({ type: 'CampaignStopped', data: { campaignId: CAMPAIGN, at } });
const completed = (at = T2): CampaignEvent => ({
  type: 'CampaignCompleted',
  data: { campaignId: CAMPAIGN, at },
});
const assigned = (agentId: string, at = T0): CampaignEvent => ({
  type: 'AgentAssigned',
  data: { campaignId: CAMPAIGN, agentId, at },
});
const unassigned = (agentId: string, at = T3): CampaignEvent => ({
  type: 'AgentUnassigned',
  data: { campaignId: CAMPAIGN, agentId, at },
});

// ---- commands ----
const base = { campaignId: CAMPAIGN, at: T3 };
const create = (settings: Partial<CampaignSettingsInput> = {}): CampaignCommand => ({
  type: 'CreateCampaign',
  campaignId: CAMPAIGN,
  at: T0,
  settings: { name: 'March renewals', callerId: '08047112345', ...settings },
});
const update = (changes: Partial<CampaignSettings>): CampaignCommand => ({
  ...base,
  type: 'UpdateCampaign',
  changes,
});
const start: CampaignCommand = { ...base, type: 'StartCampaign' };
const pause = (reason: string): CampaignCommand => ({ ...base, type: 'PauseCampaign', reason });
const resume: CampaignCommand = { ...base, type: 'ResumeCampaign' };
const stop: CampaignCommand = { ...base, type: 'StopCampaign' };
const complete: CampaignCommand = { ...base, type: 'CompleteCampaign' };
const assign = (agentId: string): CampaignCommand => ({ ...base, type: 'AssignAgent', agentId });
const unassign = (agentId: string): CampaignCommand => ({ ...base, type: 'UnassignAgent', agentId });

// ---- histories ----
const draft = [created()];
const running = [...draft, started()];
const pausedForDnd = [...running, paused('dnd-window')];
const isStopped = [...running, stopped()];
const isCompleted = [...running, completed()];

type Case = [string, Partial<CampaignSettings>, string, string];

/** Every settings guard: a bad value, the DomainError code, and the field it names. */
const BAD_SETTINGS: Case[] = [
  ['an empty name', { name: '' }, 'campaign.invalid-settings', 'name'],
  ['a blank name', { name: '   ' }, 'campaign.invalid-settings', 'name'],
  ['a name of 121 characters', { name: 'x'.repeat(121) }, 'campaign.invalid-settings', 'name'],
  [
    'a caller id that is not a phone number',
    { callerId: 'exophone' },
    'campaign.invalid-settings',
    'callerId',
  ],
  ['a caller id with too few digits', { callerId: '12345' }, 'campaign.invalid-settings', 'callerId'],
  [
    'an unknown provider',
    { provider: 'twilio' as CampaignSettings['provider'] },
    'campaign.invalid-settings',
    'provider',
  ],
  [
    'an unknown time zone',
    { window: { ...SETTINGS.window, timeZone: 'Mars/Olympus_Mons' } },
    'campaign.invalid-window',
    'window.timeZone',
  ],
  [
    'a window that ends when it starts',
    { window: { ...SETTINGS.window, from: '09:00', to: '09:00' } },
    'campaign.invalid-window',
    'window.to',
  ],
  [
    'a window that ends before it starts',
    { window: { ...SETTINGS.window, from: '21:00', to: '09:00' } },
    'campaign.invalid-window',
    'window.to',
  ],
  [
    'a window opening at 25:00',
    { window: { ...SETTINGS.window, from: '25:00' } },
    'campaign.invalid-window',
    'window.from',
  ],
  [
    'a window with no weekday',
    { window: { ...SETTINGS.window, days: [] } },
    'campaign.invalid-window',
    'window.days',
  ],
  ['a weekday 8', { window: { ...SETTINGS.window, days: [1, 8] } }, 'campaign.invalid-window', 'window.days'],
  [
    'a retry delay below 0',
    { retry: { ...SETTINGS.retry, busy: { retryAfterSec: -1, maxAttempts: 3 } } },
    'campaign.invalid-retry',
    'retry.busy.retryAfterSec',
  ],
  [
    'more than 10 attempts',
    { retry: { ...SETTINGS.retry, 'no-answer': { retryAfterSec: 300, maxAttempts: 11 } } },
    'campaign.invalid-retry',
    'retry.no-answer.maxAttempts',
  ],
  [
    'no attempt at all',
    { retry: { ...SETTINGS.retry, failed: { retryAfterSec: 300, maxAttempts: 0 } } },
    'campaign.invalid-retry',
    'retry.failed.maxAttempts',
  ],
  [
    'a backoff factor below 1',
    { retry: { busy: { retryAfterSec: 300, backoffFactor: 0.5, maxAttempts: 3 } } },
    'campaign.invalid-retry',
    'retry.busy.backoffFactor',
  ],
  ['a ring timeout of 4 s', { ringTimeoutSec: 4 }, 'campaign.invalid-settings', 'ringTimeoutSec'],
  ['a ring timeout of 121 s', { ringTimeoutSec: 121 }, 'campaign.invalid-settings', 'ringTimeoutSec'],
  ['a ring timeout of 30.5 s', { ringTimeoutSec: 30.5 }, 'campaign.invalid-settings', 'ringTimeoutSec'],
  [
    'a max call duration of 29 s',
    { maxCallDurationSec: 29 },
    'campaign.invalid-settings',
    'maxCallDurationSec',
  ],
  ['a negative wrap-up', { wrapUpSec: -1 }, 'campaign.invalid-settings', 'wrapUpSec'],
  [
    'unknown recording channels',
    { recording: { enabled: true, channels: 'quad' as 'dual' } },
    'campaign.invalid-settings',
    'recording.channels',
  ],
];

describe('a campaign that does not exist', () => {
  it.each<[string, CampaignCommand]>([
    ['UpdateCampaign', update({ ringTimeoutSec: 45 })],
    ['StartCampaign', start],
    ['PauseCampaign', pause('maintenance')],
    ['ResumeCampaign', resume],
    ['StopCampaign', stop],
    ['CompleteCampaign', complete],
    ['AssignAgent', assign('ag1')],
    ['UnassignAgent', unassign('ag1')],
  ])('rejects %s as campaign.not-found', (_, command) =>
    given([]).when(command).thenThrows('campaign.not-found'),
  );
});

describe('CreateCampaign', () => {
  it('creates a draft with the defaults applied: sandbox, Kolkata 09:00-21:00 Mon-Sat, 3 × 300 s retries, 30 s ring', () =>
    given([]).when(create()).then([created()]));

  it('keeps the settings it was given, over the defaults', () =>
    given([])
      .when(
        create({
          provider: 'exotel-v1',
          ringTimeoutSec: 45,
          wrapUpSec: 0,
          recording: { enabled: true, channels: 'dual' },
        }),
      )
      .then([
        created({
          ...SETTINGS,
          provider: 'exotel-v1',
          ringTimeoutSec: 45,
          wrapUpSec: 0,
          recording: { enabled: true, channels: 'dual' },
        }),
      ]));

  it('takes a calling window in another time zone', () => {
    const window = { timeZone: 'Europe/London', days: [1, 2, 3, 4, 5], from: '08:30', to: '20:00' };
    return given([])
      .when(create({ window }))
      .then([created({ ...SETTINGS, window })]);
  });

  it('trims the name and stores the caller id in E.164', () =>
    given([])
      .when(create({ name: '  March renewals  ', callerId: '080 4711 2345' }))
      .then([created()]));

  it('starts as a draft with no agents', () =>
    given([])
      .when(create())
      .thenState((state) =>
        expect(state).toEqual({
          status: 'draft',
          campaignId: CAMPAIGN,
          settings: SETTINGS,
          agentIds: [],
          createdAt: T0,
        }),
      ));

  it('will not create the same campaign twice', () =>
    given(draft).when(create()).thenThrows('campaign.already-exists'));

  it.each(BAD_SETTINGS)('rejects %s', (_, settings, code, field) =>
    given([]).when(create(settings)).thenThrows(code, field),
  );
});

describe('UpdateCampaign', () => {
  it('records only the settings that changed', () =>
    given(draft)
      .when(update({ ringTimeoutSec: 45, name: 'March renewals', wrapUpSec: 15 }))
      .then([updated({ ringTimeoutSec: 45 })]));

  it('applies the change to the settings', () =>
    given(draft)
      .when(update({ ringTimeoutSec: 45 }))
      .thenState((state) =>
        expect(state).toMatchObject({ status: 'draft', settings: { ...SETTINGS, ringTimeoutSec: 45 } }),
      ));

  it('records a new retry rule set whole', () => {
    const retry = { busy: { retryAfterSec: 600, backoffFactor: 2, maxAttempts: 5 } };
    return given(draft)
      .when(update({ retry }))
      .then([updated({ retry })]);
  });

  it('is a no-op when nothing changes', () =>
    given(draft)
      .when(update({ ...SETTINGS }))
      .thenNothing());

  it('is a no-op when the new value normalises to the current one', () =>
    given(draft)
      .when(update({ name: ' March renewals ', callerId: '08047112345' }))
      .thenNothing());

  it('may edit a paused campaign', () =>
    given(pausedForDnd)
      .when(update({ maxCallDurationSec: 1800 }))
      .then([updated({ maxCallDurationSec: 1800 })]));

  it('keeps a paused campaign paused', () =>
    given(pausedForDnd)
      .when(update({ maxCallDurationSec: 1800 }))
      .thenState((state) => expect(state).toMatchObject({ status: 'paused', pauseReason: 'dnd-window' })));

  it.each<[string, CampaignEvent[]]>([
    ['running', running],
    ['stopped', isStopped],
    ['completed', isCompleted],
  ])('will not edit a %s campaign', (_, history) =>
    given(history)
      .when(update({ ringTimeoutSec: 45 }))
      .thenThrows('campaign.not-editable'),
  );

  it.each(BAD_SETTINGS)('rejects %s', (_, changes, code, field) =>
    given(draft).when(update(changes)).thenThrows(code, field),
  );
});

describe('StartCampaign', () => {
  it('starts a draft', () =>
    given(draft)
      .when(start)
      .then([started(T3)]));

  it('leaves the campaign running', () =>
    given(draft)
      .when(start)
      .thenState((state) => expect(state.status).toBe('running')));

  it('is a no-op on a running campaign', () => given(running).when(start).thenNothing());

  it.each<[string, CampaignEvent[]]>([
    ['paused', pausedForDnd],
    ['stopped', isStopped],
    ['completed', isCompleted],
  ])('will not start a %s campaign', (_, history) =>
    given(history).when(start).thenThrows('campaign.illegal-transition'),
  );
});

describe('PauseCampaign', () => {
  it('pauses a running campaign with the reason', () =>
    given(running)
      .when(pause('provider-refused'))
      .then([paused('provider-refused', T3)]));

  it('remembers why and since when it is paused', () =>
    given(running)
      .when(pause('provider-refused'))
      .thenState((state) =>
        expect(state).toMatchObject({ status: 'paused', pauseReason: 'provider-refused', pausedAt: T3 }),
      ));

  it('is a no-op when already paused for the same reason', () =>
    given(pausedForDnd).when(pause('dnd-window')).thenNothing());

  it('records a new reason for a paused campaign', () =>
    given(pausedForDnd)
      .when(pause('maintenance'))
      .then([paused('maintenance', T3)]));

  it.each<[string, CampaignEvent[]]>([
    ['draft', draft],
    ['stopped', isStopped],
    ['completed', isCompleted],
  ])('will not pause a %s campaign', (_, history) =>
    given(history).when(pause('maintenance')).thenThrows('campaign.illegal-transition'),
  );
});

describe('ResumeCampaign', () => {
  it('resumes a paused campaign', () =>
    given(pausedForDnd)
      .when(resume)
      .then([resumed(T3)]));

  it('runs again, keeping its settings and agents', () =>
    given([...draft, assigned('ag1'), started(), paused('dnd-window')])
      .when(resume)
      .thenState((state) =>
        expect(state).toEqual({
          status: 'running',
          campaignId: CAMPAIGN,
          settings: SETTINGS,
          agentIds: ['ag1'],
          createdAt: T0,
        }),
      ));

  it('is a no-op on a running campaign', () => given(running).when(resume).thenNothing());

  it.each<[string, CampaignEvent[]]>([
    ['draft', draft],
    ['stopped', isStopped],
    ['completed', isCompleted],
  ])('will not resume a %s campaign', (_, history) =>
    given(history).when(resume).thenThrows('campaign.illegal-transition'),
  );
});

describe('StopCampaign', () => {
  it.each<[string, CampaignEvent[]]>([
    ['draft', draft],
    ['running', running],
    ['paused', pausedForDnd],
  ])('stops a %s campaign', (_, history) =>
    given(history)
      .when(stop)
      .then([stopped(T3)]),
  );

  it('leaves the campaign stopped for good', () =>
    given(running)
      .when(stop)
      .thenState((state) => expect(state.status).toBe('stopped')));

  it('is a no-op on a stopped campaign', () => given(isStopped).when(stop).thenNothing());

  it('will not stop a completed campaign', () =>
    given(isCompleted).when(stop).thenThrows('campaign.illegal-transition'));
});

describe('CompleteCampaign', () => {
  it('completes a running campaign', () =>
    given(running)
      .when(complete)
      .then([completed(T3)]));

  it('leaves the campaign completed', () =>
    given(running)
      .when(complete)
      .thenState((state) => expect(state.status).toBe('completed')));

  it('is a no-op on a completed campaign', () => given(isCompleted).when(complete).thenNothing());

  it('completes a paused campaign whose last contact finished', () =>
    given(pausedForDnd)
      .when(complete)
      .then([completed(T3)]));

  it.each<[string, CampaignEvent[]]>([
    ['draft', draft],
    ['stopped', isStopped],
  ])('will not complete a %s campaign', (_, history) =>
    given(history).when(complete).thenThrows('campaign.illegal-transition'),
  );
});

describe('AssignAgent', () => {
  it('assigns an agent', () =>
    given(draft)
      .when(assign('ag1'))
      .then([assigned('ag1', T3)]));

  it('adds the agent to the campaign', () =>
    given([...draft, assigned('ag1')])
      .when(assign('ag2'))
      .thenState((state) => expect(state).toMatchObject({ agentIds: ['ag1', 'ag2'] })));

  it('assigns agents to a running campaign', () =>
    given(running)
      .when(assign('ag1'))
      .then([assigned('ag1', T3)]));

  it('is a no-op for an agent already assigned', () =>
    given([...draft, assigned('ag1')])
      .when(assign('ag1'))
      .thenNothing());
});

describe('UnassignAgent', () => {
  it('unassigns an assigned agent', () =>
    given([...draft, assigned('ag1')])
      .when(unassign('ag1'))
      .then([unassigned('ag1')]));

  it('removes only that agent', () =>
    given([...draft, assigned('ag1'), assigned('ag2')])
      .when(unassign('ag1'))
      .thenState((state) => expect(state).toMatchObject({ agentIds: ['ag2'] })));

  it('is a no-op for an agent not assigned', () =>
    given([...draft, assigned('ag1')])
      .when(unassign('ag2'))
      .thenNothing());

  it('is a no-op when repeated', () =>
    given([...draft, assigned('ag1'), unassigned('ag1')])
      .when(unassign('ag1'))
      .thenNothing());
});

describe('CreateCampaign from a caller that skipped the HTTP schema', () => {
  it.each(['name', 'callerId'])('answers a missing %s with a DomainError naming it, not a TypeError', (field) => {
    const settings = { name: 'Renewals', callerId: '08047112233', [field]: undefined } as unknown as { name: string; callerId: string };
    given([]).when({ type: 'CreateCampaign', campaignId: 'k1', settings, at: '2026-03-02T04:30:00.000Z' }).thenThrows('campaign.invalid-settings', field);
  });
});
