import { CallbackParseError } from '../callback-parse.error.js';
import { isRecord, type PayloadRecord } from '../shared/payload-reading.js';

const FLATTENED_LEG_KEY = /^Legs\[(\d+)\]\[(\w+)\]$/;

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
  for (const [index, leg] of entries) {
    if (/^\d+$/.test(index) && isRecord(leg)) legs[Number(index)] = leg;
  }
  return Array.from(legs, (leg) => leg ?? {});
}

function unflattenedLegs(body: PayloadRecord): PayloadRecord[] {
  const legs: Array<Record<string, unknown>> = [];
  for (const [key, value] of Object.entries(body)) {
    const match = FLATTENED_LEG_KEY.exec(key);
    if (!match) continue;
    const index = Number(match[1]);
    legs[index] = { ...(legs[index] ?? {}), [match[2]!]: value };
  }
  return Array.from(legs, (leg) => leg ?? {});
}
