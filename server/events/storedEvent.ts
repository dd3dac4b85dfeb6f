import { upcastStored } from './catalog';
import type { EventRow } from './schema';

/** An event as read back from the log, its payload upcast to the current schema version. */
export type StoredEvent<Type extends string = string, Data = unknown> = Omit<EventRow, 'type' | 'data'> & { type: Type; data: Data };

export function toStoredEvent(row: EventRow): StoredEvent {
  return { ...row, ...upcastStored(row.type, row.schemaVersion, row.data) };
}
