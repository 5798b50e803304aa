/* global document */
import { duration, outcomeLabel, timeOfDay } from './format.js';

const ROWS = 25;
const REMEMBERED_ATTEMPTS = 2_000;

/** The latest calls with their outcomes (CallTerminated) and what happens next (retry or done). */
export class CallLog {
  constructor({ agentName }) {
    this.body = document.getElementById('calls');
    this.empty = document.getElementById('calls-empty');
    this.agentName = agentName;
    /** attemptId → { phone, attemptNo }, from ContactDialed */
    this.attempts = new Map();
  }

  clear() {
    this.attempts.clear();
    this.body.replaceChildren();
    this.empty.hidden = false;
  }

  /** `******0042 · #2` for a tile or a row, when the dial was seen. */
  describe(attemptId) {
    const attempt = this.attempts.get(attemptId);
    return attempt ? `${attempt.phone} · #${attempt.attemptNo}` : undefined;
  }

  dialed(data) {
    this.attempts.set(data.attemptId, {
      phone: data.phone,
      attemptNo: data.attemptNo,
      contactId: data.contactId,
    });
    if (this.attempts.size > REMEMBERED_ATTEMPTS) this.attempts.delete(this.attempts.keys().next().value);
  }

  terminated(data) {
    const attempt = this.attempts.get(data.attemptId);
    const row = document.createElement('tr');
    row.dataset.attemptId = data.attemptId;
    row.append(
      cell(timeOfDay(data.at)),
      cell(attempt ? attempt.phone : data.contactId),
      agentCell(data.agentId, this.agentName(data.agentId)),
      outcomeCell(data.outcome, data.closedBy),
      cell(data.outcome === 'connected' ? duration(data.talkSec) : '–', 'num'),
      cell('–', 'next'),
    );
    this.body.prepend(row);
    while (this.body.children.length > ROWS) this.body.lastElementChild.remove();
    this.empty.hidden = true;
  }

  /** Agent names arrive with the agents list, which can come after the first calls. */
  renameAgents() {
    for (const td of this.body.querySelectorAll('td[data-agent-id]'))
      td.textContent = this.agentName(td.dataset.agentId);
  }

  retry(data) {
    this.next(data.attemptId, `retry at ${timeOfDay(data.dueAt)}`);
  }

  completed(data) {
    this.next(data.attemptId, `done: ${data.disposition}`);
  }

  next(attemptId, text) {
    if (attemptId === undefined) return;
    for (const row of this.body.children) {
      if (row.dataset.attemptId === attemptId) row.querySelector('.next').textContent = text;
    }
  }
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function agentCell(agentId, name) {
  const td = cell(name);
  td.dataset.agentId = agentId;
  return td;
}

function outcomeCell(outcome, closedBy) {
  const td = document.createElement('td');
  const chip = document.createElement('span');
  chip.className = 'chip';
  chip.dataset.outcome = outcome;
  chip.textContent = outcomeLabel(outcome);
  td.append(chip);
  if (closedBy === 'watchdog') td.append(' (closed by the watchdog)');
  return td;
}
