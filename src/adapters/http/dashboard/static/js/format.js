/** Display helpers: numbers, percentages, durations and times of day, in the browser's locale. */

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const percentage = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

export const count = (value) => (Number.isFinite(value) ? integer.format(value) : '–');
export const decimal = (value) => (Number.isFinite(value) ? oneDecimal.format(value) : '–');
export const percent = (ratio) => (Number.isFinite(ratio) ? percentage.format(ratio) : '–');

/** `4:07` under an hour, `1:04:07` above. */
export function duration(seconds) {
  if (!Number.isFinite(seconds)) return '–';
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Rough spans for estimates: `under a minute`, `6 min`, `2 h 05 min`. */
export function span(seconds) {
  if (!Number.isFinite(seconds)) return '–';
  if (seconds < 60) return 'under a minute';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  return `${h} h ${String(m).padStart(2, '0')} min`;
}

export function timeOfDay(iso) {
  const ms = Date.parse(iso);
  return Number.isFinite(ms)
    ? new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
    : '–';
}

export function shortTime(ms) {
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

const OUTCOME_LABELS = {
  connected: 'Connected',
  busy: 'Busy',
  'no-answer': 'No answer',
  failed: 'Failed',
  canceled: 'Canceled',
  'agent-missed': 'Agent missed',
};

export const outcomeLabel = (outcome) => OUTCOME_LABELS[outcome] ?? outcome;

const STATUS_LABELS = {
  available: 'Available',
  reserved: 'Ringing',
  'on-call': 'On call',
  'wrap-up': 'Wrap-up',
  paused: 'Paused',
  offline: 'Offline',
};

export const statusLabel = (status) => STATUS_LABELS[status] ?? status;
