import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { EventSchemaError, UnknownEventTypeError, UpcastError } from './errors';
import type { StoredEvent } from './storedEvent';

/** An event about to be appended: made by a definition's `create`, checked against its schema on append. */
export type NewEvent<Type extends string = string, Data = unknown> = {
  type: Type;
  data: Data;
  eventId: string;
  /**
   * An event is recorded when it is written. One that stands for a moment
   * before that, written later in the same transaction (a workflow step's
   * start, appended with its outcome), is recorded at its transaction's start.
   */
  recordedAt?: 'transactionStart';
};

export type EventDefinition<Type extends string, Schema extends z.ZodType> = {
  readonly type: Type;
  readonly schemaVersion: number;
  readonly schema: Schema;
  /** Brings the payload of a stored event of an older schema version up to this one. */
  readonly upcast?: (data: unknown, storedVersion: number) => z.input<Schema>;
  /** A new event of this type. `eventId` makes a retried command idempotent (re-appending it is a no-op). */
  create(data: z.input<Schema>, options?: { eventId?: string }): NewEvent<Type, z.input<Schema>>;
  /** Narrows a stored event to this type. */
  is(event: StoredEvent): event is StoredEvent<Type, z.output<Schema>>;
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a catalog holds definitions of every payload type
export type AnyEventDefinition = EventDefinition<string, any>;
/** The stored form of the events a definition (or a union of them) describes. */
export type StoredEventOf<Definition> = Definition extends EventDefinition<infer Type, infer Schema> ? StoredEvent<Type, z.output<Schema>> : never;

const catalog = new Map<string, AnyEventDefinition>();

/**
 * Declares an event type once: its name, the zod schema of its payload and
 * its schema version. TypeScript infers payload types from the schema; a
 * payload that fails it is refused before anything is written. Raising
 * `schemaVersion` needs an `upcast` for the payloads already stored.
 */
export function defineEvent<const Type extends string, Schema extends z.ZodType>(
  type: Type,
  options: { schemaVersion: number; schema: Schema; upcast?: (data: unknown, storedVersion: number) => NoInfer<z.input<Schema>> },
): EventDefinition<Type, Schema> {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(type)) throw new Error(`Event type "${type}" must be PascalCase letters and digits`);
  if (!Number.isInteger(options.schemaVersion) || options.schemaVersion < 1) throw new Error(`${type}: schemaVersion must be an integer ≥ 1`);
  if (options.schemaVersion > 1 && !options.upcast) throw new Error(`${type}: schemaVersion ${options.schemaVersion} needs an upcast for older payloads`);
  // Dev reloads evaluate a module again; anywhere else a second definition is a naming clash.
  if (catalog.has(type) && process.env.NODE_ENV !== 'development') throw new Error(`Event type "${type}" is defined twice`);
  const definition: EventDefinition<Type, Schema> = {
    type,
    schemaVersion: options.schemaVersion,
    schema: options.schema,
    upcast: options.upcast,
    create: (data, createOptions) => ({ type, data, eventId: createOptions?.eventId ?? randomUUID() }),
    is: (event): event is StoredEvent<Type, z.output<Schema>> => event.type === type,
  };
  catalog.set(type, definition);
  return definition;
}

/** Every event type declared in this process, for filters and documentation. */
export function eventTypes(): string[] {
  return [...catalog.keys()].sort();
}

/** Checks a new event against its type's schema: the payload to store, or an error naming the field. */
export function validateNewEvent(event: NewEvent): Omit<NewEvent, 'data'> & { schemaVersion: number; data: unknown } {
  const definition = catalog.get(event.type);
  if (!definition) throw new UnknownEventTypeError(event.type);
  const result = definition.schema.safeParse(event.data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new EventSchemaError(event.type, issue.path.map(String).join('.') || '(payload)', issue.message);
  }
  return { eventId: event.eventId, type: event.type, schemaVersion: definition.schemaVersion, data: result.data, ...(event.recordedAt && { recordedAt: event.recordedAt }) };
}

/**
 * A stored payload as the current code expects it: upcast when it was
 * written under an older schema version. Types no longer declared, and
 * payloads already current, are returned as stored.
 */
export function upcastStored(type: string, storedVersion: number, data: unknown): { schemaVersion: number; data: unknown } {
  const definition = catalog.get(type);
  if (!definition || storedVersion >= definition.schemaVersion) return { schemaVersion: storedVersion, data };
  try {
    return { schemaVersion: definition.schemaVersion, data: definition.schema.parse(definition.upcast!(data, storedVersion)) };
  } catch (error) {
    throw new UpcastError(type, storedVersion, error);
  }
}
