import { z } from 'zod';
import type { DoNotCallEvent } from '../../domain/dnc/dnc.events.js';

/**
 * Payloads of the do-not-call streams (`dnc-<digits>`), parsed back with zod like every other event.
 * Imports nothing from `event-schemas.ts`, so that file can spread these schemas in without an import cycle.
 */
export const DNC_EVENT_SCHEMAS = {
  PhoneAddedToDoNotCall: z.object({ phone: z.string(), reason: z.string().optional(), at: z.string() }),
  PhoneRemovedFromDoNotCall: z.object({ phone: z.string(), at: z.string() }),
} as const;

export type DoNotCallEventType = keyof typeof DNC_EVENT_SCHEMAS;

// compile-time check: every do-not-call event type has a schema, and no schema is left over
const _everyTypeHasASchema: Record<DoNotCallEvent['type'], unknown> = DNC_EVENT_SCHEMAS;
const _noExtraSchemas: Record<DoNotCallEventType, unknown> = {} as Record<DoNotCallEvent['type'], unknown>;
void _everyTypeHasASchema;
void _noExtraSchemas;

export function isDoNotCallEventType(type: string): type is DoNotCallEventType {
  return Object.hasOwn(DNC_EVENT_SCHEMAS, type);
}

/** Parses a stored payload back into a do-not-call event; other types are not ours (undefined). */
export function decodeDoNotCallEvent(type: string, data: unknown): DoNotCallEvent | undefined {
  if (!isDoNotCallEventType(type)) return undefined;
  const parsed = DNC_EVENT_SCHEMAS[type].safeParse(data);
  if (!parsed.success) {
    throw new Error(
      `stored ${type} does not match its schema: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return { type, data: parsed.data } as DoNotCallEvent;
}
