export interface FreeAgent {
  readonly agentId: string;
  readonly idleSinceMs: number;
}

export interface QueuedContact {
  readonly contactId: string;
  readonly dueAtMs: number;
  readonly isRetry: boolean;
  /** Higher is dialled first. */
  readonly priority: number;
  /** Arrival order. */
  readonly seq: number;
}

export interface Pair {
  readonly agentId: string;
  readonly contactId: string;
}

/** Longest idle first, then by id so that ties are broken the same way on every instance. */
export function compareAgents(a: FreeAgent, b: FreeAgent): number {
  return a.idleSinceMs - b.idleSinceMs || compareIds(a.agentId, b.agentId);
}

/** Retries first, earliest due first; then new contacts by priority (higher first) and arrival order. */
export function compareContacts(a: QueuedContact, b: QueuedContact): number {
  if (a.isRetry !== b.isRetry) return a.isRetry ? -1 : 1;
  const byDue = a.isRetry ? a.dueAtMs - b.dueAtMs : 0;
  return byDue || b.priority - a.priority || a.seq - b.seq || compareIds(a.contactId, b.contactId);
}

export function sortContacts(contacts: Iterable<QueuedContact>): QueuedContact[] {
  return [...contacts].sort(compareContacts);
}

/**
 * Pairs the longest-idle agents with the first due contacts, one call per token.
 *
 * `contacts` must already be in `compareContacts` order (a queue index, or `sortContacts` for a plain
 * list): it is read lazily and only until enough due contacts were found, so a large queue is never scanned
 * or sorted here. Contacts not yet due are skipped, but each still costs a step: an index should serve the
 * due ones.
 */
export function pairAgentsWithContacts(
  agents: readonly FreeAgent[],
  contacts: Iterable<QueuedContact>,
  tokens: number,
  nowMs: number,
): Pair[] {
  const byIdle = distinctAgents(agents);
  const wanted = Math.min(byIdle.length, Number.isNaN(tokens) ? 0 : Math.max(0, Math.floor(tokens)));
  const pairs: Pair[] = [];
  if (wanted === 0) return pairs;

  const taken = new Set<string>();
  for (const contact of contacts) {
    if (contact.dueAtMs > nowMs || taken.has(contact.contactId)) continue;
    taken.add(contact.contactId);
    pairs.push({ agentId: byIdle[pairs.length].agentId, contactId: contact.contactId });
    if (pairs.length === wanted) break;
  }
  return pairs;
}

/** Sorted longest idle first; an agent listed twice keeps its longest idle entry. */
function distinctAgents(agents: readonly FreeAgent[]): FreeAgent[] {
  const seen = new Set<string>();
  const distinct: FreeAgent[] = [];
  for (const agent of [...agents].sort(compareAgents)) {
    if (seen.has(agent.agentId)) continue;
    seen.add(agent.agentId);
    distinct.push(agent);
  }
  return distinct;
}

function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
