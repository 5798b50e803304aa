/* global EventSource */
/** The campaign's events over server-sent events, resumed from the last id after any interruption. */

export const FEED_TYPES = [
  'CampaignStarted',
  'CampaignPaused',
  'CampaignResumed',
  'CampaignStopped',
  'CampaignCompleted',
  'CampaignUpdated',
  'AgentAssigned',
  'AgentUnassigned',
  'ContactDialed',
  'DialRejected',
  'CallTerminated',
  'RetryScheduled',
  'ContactCompleted',
  'AgentBecameAvailable',
  'AgentPaused',
  'AgentLoggedOut',
  'AgentReserved',
  'AgentConnected',
  'AgentWrapUpStarted',
  'AgentReservationReleased',
  'AgentMissedCall',
];

const MAX_BACKOFF_MS = 30_000;

export class LiveFeed {
  /**
   * @param {{ key: string, campaignId: string, onEvent: (type: string, event: object) => void,
   *   onState: (state: 'live' | 'reconnecting' | 'offline') => void, onClosed: () => void }} options
   */
  constructor(options) {
    this.options = options;
    this.lastEventId = undefined;
    this.backoffMs = 1_000;
    this.source = undefined;
    this.retryTimer = undefined;
    this.stopped = false;
  }

  start() {
    const { key, campaignId, onEvent, onState } = this.options;
    const query = new URLSearchParams({ access_token: key, campaignId, types: FEED_TYPES.join(',') });
    if (this.lastEventId !== undefined) query.set('lastEventId', this.lastEventId);
    const source = new EventSource(`/api/events?${query}`);
    this.source = source;
    source.addEventListener('open', () => {
      this.backoffMs = 1_000;
      onState('live');
    });
    source.addEventListener('error', () => {
      if (this.stopped) return;
      // CONNECTING: the browser retries by itself with Last-Event-ID; CLOSED: it gave up (an HTTP error)
      if (source.readyState !== EventSource.CLOSED) return onState('reconnecting');
      onState('offline');
      this.options.onClosed();
      this.retryTimer = setTimeout(() => this.start(), this.backoffMs);
      this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs * 2);
    });
    for (const type of FEED_TYPES) {
      source.addEventListener(type, (message) => {
        this.lastEventId = message.lastEventId;
        onEvent(type, JSON.parse(message.data));
      });
    }
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.source?.close();
  }
}
