import { hash, randomUUID } from 'node:crypto';

/** Where the dashes of a UUID go, as offsets into its 32 hex digits. */
const DASHES_AFTER = new Set([8, 12, 16, 20]);
const HEX = '0123456789abcdef';
/** One UUID's text, written here and read out as one flat string. */
const text = Buffer.alloc(36);

/**
 * A deterministic UUID (v5-shaped, SHA-1) for the n-th event a command produces: a retried command
 * produces the same ids, so the store can recognise it and never write twice.
 */
export function eventIdFor(commandId: string, index: number): string {
  // one-shot hash (no Hash object per id), and the text written in one piece: a template of slices would leave a
  // rope of nine strings per id, which a store that keeps ids in memory holds for good
  const digest = hash('sha1', `${commandId}#${index}`, 'buffer');
  digest[6] = (digest[6]! & 0x0f) | 0x50;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  let at = 0;
  for (let nibble = 0; nibble < 32; nibble += 1) {
    if (DASHES_AFTER.has(nibble)) text[at++] = 0x2d;
    const byte = digest[nibble >> 1]!;
    text[at++] = HEX.charCodeAt(nibble % 2 === 0 ? byte >> 4 : byte & 0x0f);
  }
  return text.toString('latin1', 0, 36);
}

export function newCommandId(): string {
  return randomUUID();
}
