/* global document */
import { count, decimal, duration, percent, span, timeOfDay } from './format.js';

/** The classic dialer box, from `GET /api/campaigns/:id/stats`. */
export function renderCounters(stats) {
  const { queue, performance: p, estimate } = stats;
  const finish = estimate?.finishInSec;
  const eta = finish === null || finish === undefined ? '' : ` · ${span(finish)} to go`;
  set('remaining', count(queue.remaining), `${count(queue.completed)} done of ${count(queue.total)}${eta}`);
  set(
    'dialed',
    count(p.totalDialed),
    `busy ${count(p.busy)} · no answer ${count(p.noAnswer)} · failed ${count(p.failed)}`,
  );
  set('retries', count(queue.retryPending), `${count(queue.dialing)} dialing now`);
  set('connected', count(p.connected), `avg talk ${duration(p.avgTalkTime)}`);
  set('connect-rate', percent(p.connectRate), 'connected ÷ dialed');
  set('aht', duration(p.avgHandleTime), `talk + wrap-up, ${count(p.connected)} calls`);
  set('abandoned', count(p.abandoned), 'progressive: none by design');
  set('occupancy', percent(p.occupancy), `${decimal(p.callsPerAgentHour)} calls per agent-hour`);
  document.getElementById('updated').textContent = timeOfDay(new Date().toISOString());
}

export function clearCounters() {
  for (const value of document.querySelectorAll('[data-counter]')) value.textContent = '–';
  for (const detail of document.querySelectorAll('[data-detail]')) detail.textContent = '';
}

function set(name, value, detail) {
  const element = document.querySelector(`[data-counter="${name}"]`);
  if (element.textContent !== value) {
    element.textContent = value;
    element.classList.remove('changed');
    void element.offsetWidth; // restart the highlight
    element.classList.add('changed');
  }
  document.querySelector(`[data-detail="${name}"]`).textContent = detail;
}
