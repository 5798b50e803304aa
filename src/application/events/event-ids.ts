import { createHash, randomUUID } from 'node:crypto';

/**
 * A deterministic UUID (v5-shaped, SHA-1) for the n-th event a command produces: a retried command
 * produces the same ids, so the store can recognise it and never write twice.
 */
export function eventIdFor(commandId: string, index: number): string {
  const hash = createHash('sha1').update(`${commandId}#${index}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function newCommandId(): string {
  return randomUUID();
}
