/* global document */
import { duration, statusLabel, timeOfDay } from './format.js';
import { serverNow } from './server-clock.js';

/** What each presence event makes of an agent (the same transitions as the agent decider). */
const TRANSITIONS = {
  AgentBecameAvailable: () => ({ status: 'available' }),
  AgentPaused: (data) => ({ status: 'paused', reason: data.reason }),
  AgentLoggedOut: () => ({ status: 'offline' }),
  AgentReserved: (data) => ({ status: 'reserved', attemptId: data.attemptId }),
  AgentConnected: () => ({ status: 'on-call' }),
  AgentWrapUpStarted: (data) => ({ status: 'wrap-up', wrapUpUntil: data.until }),
  AgentReservationReleased: () => ({ status: 'available' }),
};

/** Agents as tiles coloured by state, with the time in that state ticking. */
export class AgentBoard {
  constructor({ describeAttempt }) {
    this.list = document.getElementById('agents');
    this.summary = document.getElementById('agents-summary');
    this.empty = document.getElementById('agents-empty');
    this.describeAttempt = describeAttempt;
    this.agents = new Map();
  }

  name(agentId) {
    return this.agents.get(agentId)?.name ?? agentId;
  }

  /** From `GET /api/agents`: the read model may lag the feed, so a tile never goes back to an older state. */
  replaceAll(rows) {
    const next = new Map();
    for (const row of rows) {
      const known = this.agents.get(row.id);
      next.set(
        row.id,
        known && Date.parse(known.since) > Date.parse(row.since) ? { ...known, name: row.name } : row,
      );
    }
    this.agents = next;
    this.render();
  }

  /** A presence event from the feed; returns whether it changed a tile. */
  apply(type, event) {
    const transition = TRANSITIONS[type];
    const agent = this.agents.get(event.data.agentId);
    if (!transition || !agent) return false;
    if (Date.parse(event.data.at) < Date.parse(agent.since)) return false;
    const { name, id } = agent;
    this.agents.set(id, { id, name, since: event.data.at, ...transition(event.data) });
    this.render();
    return true;
  }

  tick() {
    const now = serverNow();
    for (const tile of this.list.children) {
      tile.querySelector('.agent-time').textContent = duration((now - Date.parse(tile.dataset.since)) / 1000);
      if (tile.dataset.until !== undefined) {
        const left = (Date.parse(tile.dataset.until) - now) / 1000;
        tile.querySelector('.agent-detail').textContent = left > 0 ? `${duration(left)} left` : 'ending';
      }
    }
  }

  render() {
    const agents = [...this.agents.values()].sort((a, b) =>
      a.name.localeCompare(b.name, undefined, { numeric: true }),
    );
    this.list.replaceChildren(...agents.map((agent) => this.tile(agent)));
    this.empty.hidden = agents.length > 0;
    const counts = new Map();
    for (const agent of agents) counts.set(agent.status, (counts.get(agent.status) ?? 0) + 1);
    this.summary.textContent = [...counts]
      .map(([status, n]) => `${n} ${statusLabel(status).toLowerCase()}`)
      .join(' · ');
    this.tick();
  }

  tile(agent) {
    const tile = document.createElement('li');
    tile.className = 'agent';
    tile.dataset.status = agent.status;
    tile.dataset.since = agent.since;
    tile.dataset.agentId = agent.id;
    if (agent.status === 'wrap-up' && agent.wrapUpUntil) tile.dataset.until = agent.wrapUpUntil;
    tile.append(
      row(part('span', 'agent-name', agent.name), part('span', 'agent-time', '')),
      row(
        part('span', 'agent-state', statusLabel(agent.status)),
        part('span', 'agent-detail', this.detail(agent)),
      ),
    );
    tile.title = `${agent.name}: ${statusLabel(agent.status)} since ${timeOfDay(agent.since)}`;
    return tile;
  }

  detail(agent) {
    switch (agent.status) {
      case 'paused':
        return agent.reason ?? '';
      case 'reserved':
      case 'on-call':
        return this.describeAttempt(agent.attemptId) ?? '';
      default:
        return '';
    }
  }
}

function row(...children) {
  const element = document.createElement('div');
  element.className = 'agent-row';
  element.append(...children);
  return element;
}

function part(tag, className, text) {
  const element = document.createElement(tag);
  element.className = className;
  element.textContent = text;
  return element;
}
