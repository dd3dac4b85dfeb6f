import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What every log line written while some work runs should say about it: the
 * web request, the workspace and person, the workflow's correlation id, the
 * job and step. Carried by the code that runs (like correlation ids, see
 * server/events/correlation.ts), so a function deep in a step logs them
 * without being handed them.
 */
export type LogFields = {
  requestId?: string;
  tenantId?: string;
  userId?: string;
  correlationId?: string;
  causationId?: string;
  jobId?: string;
  queue?: string;
  workflow?: string;
  step?: string;
  subjectId?: string;
  attempt?: number;
};

const scope = new AsyncLocalStorage<LogFields>();

/** Runs `fn` with `fields` added to (and overriding) the surrounding log context. */
export function withLogContext<T>(fields: LogFields, fn: () => T): T {
  return scope.run({ ...scope.getStore(), ...withoutUndefined(fields) }, fn);
}

/**
 * Adds `fields` to the current context itself (opening one when there is
 * none) and runs `fn`: for what runs once per unit of work, so that the
 * unit's own closing line — a job's, written by the code that started it —
 * carries them too. A worker's job is one handler of one event: the handler
 * adds the correlation id, the workflow step its name.
 */
export function extendLogContext<T>(fields: LogFields, fn: () => T): T {
  const store = scope.getStore();
  if (!store) return scope.run(withoutUndefined(fields), fn);
  Object.assign(store, withoutUndefined(fields));
  return fn();
}

/**
 * Adds fields to the current context once they become known (the workspace
 * after the membership check): later lines of the same request carry them.
 * Outside any context it does nothing.
 */
export function addToLogContext(fields: LogFields): void {
  const store = scope.getStore();
  if (store) Object.assign(store, withoutUndefined(fields));
}

export function currentLogContext(): LogFields {
  return scope.getStore() ?? {};
}

function withoutUndefined(fields: LogFields): LogFields {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== null));
}
