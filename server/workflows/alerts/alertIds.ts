import { createHash } from 'node:crypto';
import type { Actor } from '@/server/events';

/** Who appends alerts: Tramite itself. */
export const alertActor: Actor = { kind: 'system', id: 'workflow-alerts' };

/**
 * A UUID (RFC 9562 version 5 layout) derived from `name`: the same alert
 * always gets the same event id, so a second append of it, from a detection
 * that ran twice or at once elsewhere, stores nothing.
 */
export function nameBasedUuid(name: string): string {
  const bytes = createHash('sha1').update(`tramite:${name}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
