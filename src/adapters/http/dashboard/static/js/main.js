/* global document, window, location */
import { AgentBoard } from './agents.js';
import { ApiError, AuthError, apiClient, forgetKey, saveKey, storedKey } from './api.js';
import { CallLog } from './calls.js';
import { CallCharts } from './charts.js';
import { CampaignControls, statusAfter } from './controls.js';
import { clearCounters, renderCounters } from './counters.js';
import { askForKey } from './key-form.js';
import { LiveFeed } from './live-feed.js';
import { observeServerTime } from './server-clock.js';

const CAMPAIGN_STORAGE = 'dialer.campaign';
const STATS_DELAY_MS = 1_000;
const AGENTS_DELAY_MS = 3_000;
const SAFETY_REFRESH_MS = 20_000;

let api;
let campaignId;
let feed;
const calls = new CallLog({ agentName: (id) => agents.name(id) });
const agents = new AgentBoard({ describeAttempt: (attemptId) => calls.describe(attemptId) });
const charts = new CallCharts();
const controls = new CampaignControls((action) => control(action));
const picker = document.getElementById('campaign');
const notice = document.getElementById('notice');
const live = document.getElementById('live');

/** At most one refresh per delay, trailing the events that asked for it. */
function throttled(delayMs, task) {
  let timer;
  return () => {
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      task().catch(report);
    }, delayMs);
  };
}

const refreshStats = throttled(STATS_DELAY_MS, loadStats);
const refreshAgents = throttled(AGENTS_DELAY_MS, loadAgents);

function report(error) {
  if (error instanceof AuthError)
    return reconnectWithNewKey('The stored API key was refused. Enter it again.');
  notice.textContent =
    error instanceof ApiError ? `The service said: ${error.message}` : `Something failed: ${error.message}`;
  notice.hidden = false;
}

function clearNotice() {
  notice.hidden = true;
  notice.textContent = '';
}

async function loadStats() {
  if (campaignId === undefined) return;
  const stats = await api.stats(campaignId);
  if (stats.campaignId !== campaignId) return;
  renderCounters(stats);
  charts.setSeries(stats.series);
}

async function loadAgents() {
  if (campaignId === undefined) return;
  const id = campaignId;
  const { agents: rows } = await api.agents(id);
  if (id !== campaignId) return;
  agents.replaceAll(rows);
  calls.renameAgents();
}

async function loadCampaign() {
  const campaign = await api.campaign(campaignId);
  if (campaign.id !== campaignId) return campaign;
  controls.show(campaign.status, campaign.status === 'paused' ? campaign.pauseReason : undefined);
  return campaign;
}

function onEvent(type, event) {
  observeServerTime(event.recordedAt);
  const { data } = event;
  const status = statusAfter(type);
  if (status !== undefined) {
    controls.show(status, type === 'CampaignPaused' ? data.reason : undefined);
    refreshStats();
    return;
  }
  switch (type) {
    case 'AgentAssigned':
    case 'AgentUnassigned':
      refreshAgents();
      refreshStats();
      return;
    case 'ContactDialed':
      calls.dialed(data);
      agents.render();
      refreshStats();
      return;
    case 'CallTerminated':
      calls.terminated(data);
      charts.callEnded(data.at, data.outcome === 'connected');
      refreshStats();
      return;
    case 'RetryScheduled':
      calls.retry(data);
      refreshStats();
      return;
    case 'ContactCompleted':
      calls.completed(data);
      refreshStats();
      return;
    case 'DialRejected':
      refreshStats();
      return;
    default:
      if (!agents.apply(type, event)) refreshAgents();
  }
}

function setLive(state) {
  live.dataset.state = state;
  live.textContent = { live: 'Live', reconnecting: 'Reconnecting…', offline: 'Offline' }[state];
}

async function selectCampaign(id) {
  feed?.stop();
  campaignId = id;
  localStorage.setItem(CAMPAIGN_STORAGE, id);
  clearCounters();
  calls.clear();
  charts.clear();
  clearNotice();
  agents.replaceAll([]);
  // the feed first: whatever happens while the counters load arrives through it (a tile never goes back in time)
  feed = new LiveFeed({
    key: api.key,
    campaignId: id,
    onEvent,
    onState: setLive,
    // the browser gave up on the stream: find out why (a refused key shows the form), then catch up
    onClosed: () => Promise.all([loadCampaign(), loadStats(), loadAgents()]).catch(report),
  });
  feed.start();
  await Promise.all([loadCampaign(), loadStats(), loadAgents()]);
}

async function control(action) {
  controls.setBusy(true);
  clearNotice();
  try {
    const campaign = await api.control(campaignId, action);
    controls.show(campaign.status, campaign.status === 'paused' ? campaign.pauseReason : undefined);
    refreshStats();
  } catch (error) {
    report(error);
  } finally {
    controls.setBusy(false);
  }
}

function fillPicker(campaigns) {
  const wanted =
    new URLSearchParams(location.search).get('campaign') ?? localStorage.getItem(CAMPAIGN_STORAGE);
  picker.replaceChildren(
    ...campaigns.map((campaign) => {
      const option = document.createElement('option');
      option.value = campaign.id;
      option.textContent = `${campaign.settings.name} (${campaign.status})`;
      return option;
    }),
  );
  const chosen =
    campaigns.find((c) => c.id === wanted) ?? campaigns.find((c) => c.status === 'running') ?? campaigns[0];
  picker.disabled = campaigns.length === 0;
  if (chosen !== undefined) picker.value = chosen.id;
  return chosen?.id;
}

/** Asks for a key until the API accepts one, then shows the board. */
async function connect(message) {
  let key = message === undefined ? storedKey() : undefined;
  for (;;) {
    if (key === undefined) key = await askForKey(message);
    try {
      const client = apiClient(key);
      const { campaigns } = await client.campaigns();
      saveKey(key);
      api = client;
      return campaigns;
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      forgetKey();
      key = undefined;
      message = 'That API key was refused. Check it and try again.';
    }
  }
}

let reconnecting = false;
async function reconnectWithNewKey(message) {
  if (reconnecting) return;
  reconnecting = true;
  feed?.stop();
  setLive('offline');
  forgetKey();
  try {
    await start(message);
  } finally {
    reconnecting = false;
  }
}

async function start(message) {
  const campaigns = await connect(message);
  document.getElementById('board').hidden = false;
  document.getElementById('campaign-bar').hidden = false;
  document.getElementById('change-key').hidden = false;
  const chosen = fillPicker(campaigns);
  if (chosen === undefined) {
    controls.show(undefined);
    notice.textContent = 'No campaigns yet: create one through the API (see the API documentation).';
    notice.hidden = false;
    return;
  }
  await selectCampaign(chosen);
}

picker.addEventListener('change', () => selectCampaign(picker.value).catch(report));
document.getElementById('change-key').addEventListener('click', () => reconnectWithNewKey(''));
window.setInterval(() => agents.tick(), 1_000);
window.setInterval(() => {
  if (campaignId === undefined || document.hidden) return;
  loadStats().catch(report);
  loadAgents().catch(report);
}, SAFETY_REFRESH_MS);
window.setInterval(() => charts.drawSoon(), 30_000);
start().catch(report);
