import { CallbackParseError } from '../callback-parse.error.js';
import { isRecord, type PayloadRecord } from '../shared/payload-reading.js';

const FLATTENED_LEG_KEY = /^Legs\[(\d+)\]\[(\w+)\]$/;

/**
 * Only legs 0 (agent) and 1 (customer) mean anything; a few more are read, no more: the index comes from the
 * request, and `legs[50000000] = …` would make a sparse array that takes seconds (or all memory) to copy.
 */
const MAX_LEG_INDEX = 9;

const legIndex = (text: string): number | undefined => {
  const index = Number(text);
  return /^\d+$/.test(text) && index <= MAX_LEG_INDEX ? index : undefined;
};

/**
 * The `Legs` of a v1 callback as records, index 0 = agent, 1 = customer: from a JSON array, an index-keyed
 * object (what nested form parsers make of it) or flattened `Legs[0][Status]` form keys.
 */
export function v1Legs(body: PayloadRecord): PayloadRecord[] {
  const legs = body['Legs'];
  if (Array.isArray(legs)) return legs.map((leg) => (isRecord(leg) ? leg : {}));
  if (isRecord(legs)) return indexedLegs(Object.entries(legs));
  if (legs !== undefined && legs !== null && legs !== '')
    throw new CallbackParseError('Legs', 'is neither a list nor flattened keys');
  return unflattenedLegs(body);
}

function indexedLegs(entries: ReadonlyArray<[string, unknown]>): PayloadRecord[] {
  const legs: PayloadRecord[] = [];
  for (const [key, leg] of entries) {
    const index = legIndex(key);
    if (index !== undefined && isRecord(leg)) legs[index] = leg;
  }
  return Array.from(legs, (leg) => leg ?? {});
}

function unflattenedLegs(body: PayloadRecord): PayloadRecord[] {
  const legs: Array<Record<string, unknown>> = [];
  for (const [key, value] of Object.entries(body)) {
    const match = FLATTENED_LEG_KEY.exec(key);
    const index = match === null ? undefined : legIndex(match[1]!);
    if (match === null || index === undefined) continue;
    legs[index] = { ...(legs[index] ?? {}), [match[2]!]: value };
  }
  return Array.from(legs, (leg) => leg ?? {});
}
