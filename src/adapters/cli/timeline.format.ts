import { parseStreamId } from '../../application/events/streams.js';
import type { StoredEvent } from '../../application/ports/event-store.port.js';
import { maskPhone } from '../../domain/shared/phone.js';

type Data = Readonly<Record<string, unknown>>;

const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** The facts worth a glance, in reading order; a field absent from an event is skipped. */
const FACTS: readonly (readonly [field: string, show: (value: unknown) => string | undefined])[] = [
  ['campaignId', (v) => `campaign ${text(v)}`],
  ['contactId', (v) => `contact ${text(v)}`],
  ['agentId', (v) => `agent ${text(v)}`],
  ['attemptId', (v) => `attempt ${text(v)}`],
  ['attemptNo', (v) => `try ${text(v)}`],
  ['leg', (v) => `${text(v)} leg`],
  ['callSid', (v) => `call ${text(v)}`],
  ['outcome', (v) => `outcome ${text(v)}`],
  ['counts', (v) => (v ? 'counted' : 'not counted')],
  ['talkSec', (v) => `talk ${text(v)}s`],
  ['closedBy', (v) => (v === 'watchdog' ? 'closed by watchdog' : undefined)],
  ['disposition', (v) => `disposition ${text(v)}`],
  ['code', (v) => `code ${text(v)}`],
  ['callbackAt', (v) => `callback at ${text(v)}`],
  ['dueAt', (v) => `due ${text(v)}`],
  ['front', (v) => (v ? 'to the front' : undefined)],
  ['until', (v) => `until ${text(v)}`],
  ['action', (v) => `then ${text(v)}`],
  ['reason', (v) => `reason ${text(v)}`],
  ['detail', (v) => `detail "${text(v)}"`],
  ['note', (v) => `note "${text(v)}"`],
  ['name', (v) => `name "${text(v)}"`],
  ['phone', (v) => `phone ${text(v)}`],
  ['ccmUserId', (v) => `ccm user ${text(v)}`],
  ['priority', (v) => `priority ${text(v)}`],
  ['recordingUrl', (v) => `recording ${text(v)}`],
  ['settings', (v) => settingsFacts(v as Data)],
  ['changes', (v) => `changed ${Object.keys(v as Data).join(', ')}`],
];

function settingsFacts(settings: Data): string {
  return [
    `name "${text(settings.name)}"`,
    `provider ${text(settings.provider)}`,
    `caller id ${text(settings.callerId)}`,
  ].join(', ');
}

/** Ids the reader already knows from the stream name: the stream's own id, and a contact's campaign after the first line. */
function redundant(event: StoredEvent, field: string): boolean {
  const stream = parseStreamId(event.streamId);
  if (stream === undefined) return false;
  if (field === `${stream.category}Id`) return (event.data as Data)[field] === stream.id;
  return field === 'campaignId' && stream.category === 'contact' && event.type !== 'ContactAdded';
}

/** Business time, when it is not (within a second) the time the store recorded the event. */
function businessTime(event: StoredEvent): string | undefined {
  const at = (event.data as Data).at;
  if (typeof at !== 'string') return undefined;
  return Math.abs(Date.parse(at) - Date.parse(event.recordedAt)) < 1000 ? undefined : `at ${at}`;
}

export function keyFacts(event: StoredEvent): string {
  const data = (event.data ?? {}) as Data;
  const facts = FACTS.flatMap(([field, show]) =>
    data[field] === undefined || redundant(event, field) ? [] : [show(data[field])],
  );
  return [businessTime(event), ...facts]
    .filter((fact): fact is string => fact !== undefined && fact !== '')
    .join(', ');
}

/** `[actor, causation]`, and the correlation when it is not the cause itself. */
export function causeOf(event: StoredEvent): string {
  const { actor, causationId, correlationId } = event.metadata;
  const parts = [
    typeof actor === 'string' ? actor : 'unknown actor',
    ...(typeof causationId === 'string' ? [causationId] : []),
  ];
  if (typeof correlationId === 'string' && correlationId !== causationId)
    parts.push(`correlation ${correlationId}`);
  return `[${parts.join(', ')}]`;
}

const TYPE_WIDTH = 24;

/** `recordedAt  #revision  Type  key facts  [actor, causation]` */
export function timelineLine(event: StoredEvent): string {
  const facts = keyFacts(event);
  return [
    event.recordedAt,
    `#${event.revision}`.padEnd(4),
    event.type.padEnd(TYPE_WIDTH),
    ...(facts === '' ? [] : [facts]),
    causeOf(event),
  ].join('  ');
}

const PHONE_FIELD = /phone/i;

/** A copy of `value` with every phone-number field masked (`******3210`). */
export function maskPhones(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskPhones);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      PHONE_FIELD.test(key) && typeof inner === 'string' ? maskPhone(inner) : maskPhones(inner),
    ]),
  );
}

/** A stored event as JSON can carry it: revision as a number, position as a string (as the HTTP history has them). */
export function eventAsJson(event: StoredEvent): Record<string, unknown> {
  return { ...event, revision: Number(event.revision), position: event.position.toString() };
}
