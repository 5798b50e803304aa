/* global document */
/** Start / pause / resume, each enabled only where the campaign's state allows it. */

const ALLOWED = {
  draft: ['start'],
  running: ['pause'],
  paused: ['resume'],
  stopped: [],
  completed: [],
};

const EVENT_STATUS = {
  CampaignStarted: 'running',
  CampaignResumed: 'running',
  CampaignPaused: 'paused',
  CampaignStopped: 'stopped',
  CampaignCompleted: 'completed',
};

/** The status a campaign event leads to, if it changes it. */
export const statusAfter = (type) => EVENT_STATUS[type];

export class CampaignControls {
  constructor(onAction) {
    this.badge = document.getElementById('campaign-status');
    this.buttons = [...document.querySelectorAll('.controls [data-action]')];
    this.status = undefined;
    this.busy = false;
    for (const button of this.buttons)
      button.addEventListener('click', () => onAction(button.dataset.action));
  }

  show(status, detail) {
    this.status = status;
    this.badge.dataset.status = status ?? 'none';
    const label = status === undefined ? 'No campaign' : `${status[0].toUpperCase()}${status.slice(1)}`;
    this.badge.textContent = detail ? `${label}: ${detail}` : label;
    this.update();
  }

  setBusy(busy) {
    this.busy = busy;
    this.update();
  }

  update() {
    const allowed = ALLOWED[this.status] ?? [];
    for (const button of this.buttons)
      button.disabled = this.busy || !allowed.includes(button.dataset.action);
  }
}
