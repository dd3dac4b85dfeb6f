import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { addToLogContext, currentLogContext, extendLogContext, withLogContext } from '@/server/observability';
import type { Actor, EventMetadata } from './metadata';
import type { StoredEvent } from './storedEvent';

/**
 * Correlation and causation travel with the code that runs, not through
 * every function's arguments: a command opens a scope with a new
 * correlation id, a handler runs in the scope of the event that triggered
 * it, and `appendToStream` stamps whatever scope it is called in. So an
 * event appended by a handler — or by any function a handler calls — names
 * the triggering event as its cause without the handler remembering to.
 */
const scope = new AsyncLocalStorage<EventMetadata>();

/**
 * Runs a command: the events it appends share a new correlation id, and have
 * no cause. The web request's id, when there is one, is recorded with them,
 * and log lines written meanwhile carry the correlation id.
 */
export function runCommand<T>(origin: { actor?: Actor; requestId?: string }, fn: () => Promise<T>): Promise<T> {
  const requestId = origin.requestId ?? currentLogContext().requestId;
  const metadata: EventMetadata = { correlationId: randomUUID(), causationId: null, ...origin, ...(requestId && { requestId }) };
  // The request's own log line names the workflow it started (the first, when it runs several commands).
  if (!currentLogContext().correlationId) addToLogContext({ correlationId: metadata.correlationId });
  return scope.run(metadata, () => withLogContext({ correlationId: metadata.correlationId, requestId }, fn));
}

/**
 * Runs a handler of `event`: what it appends is caused by that event and
 * keeps its correlation id. So do the log lines of the work it runs in (a
 * worker's job: one handler of one event), to their end.
 */
export function runAsHandlerOf<T>(event: StoredEvent, fn: () => Promise<T>): Promise<T> {
  const metadata = causedBy(event);
  return scope.run(metadata, () =>
    extendLogContext({ correlationId: metadata.correlationId, causationId: event.eventId, requestId: metadata.requestId }, fn),
  );
}

/** Metadata for events appended by a handler of `event`. */
export function causedBy(event: StoredEvent): EventMetadata {
  const { actor, requestId } = event.metadata;
  return { correlationId: event.metadata.correlationId, causationId: event.eventId, ...(actor && { actor }), ...(requestId && { requestId }) };
}

/** The metadata for an append made here: the current scope's, or — outside any — a command of its own. */
export function currentMetadata(): EventMetadata {
  return scope.getStore() ?? { correlationId: randomUUID(), causationId: null };
}
