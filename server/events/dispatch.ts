import { afterCommit, type Transaction } from '@/server/db';
import { announceJobs, deferredJobInserts, getBoss } from '@/server/jobs';
import { runAsHandlerOf } from './correlation';
import { asyncSubscriptions, handles, queueNameOf, subscriptionsFor, type HandlerContext } from './handlers';
import { ensureHandlerQueue } from './handlerQueues';
import type { StoredEvent } from './storedEvent';

/** The data of an async handler's job: ids only; the handler reads the event from the log. */
export type HandlerJob = { eventId: string; tenantId: string };

/** Inline handlers written in SQL, for an event of this type: the append statement runs them (append_events in migration 0007). */
export function sqlHandlersFor(type: string): string[] {
  return subscriptionsFor('inline', type).flatMap((subscription) => (subscription.mode === 'inline' && subscription.sqlFunction ? [subscription.sqlFunction] : []));
}

/** Whether appending events of these types runs anything in JavaScript in the append's transaction: inline handlers not in SQL, or async handlers' jobs. */
export function needsTransaction(types: string[]): boolean {
  return types.some(
    (type) =>
      subscriptionsFor('inline', type).some((subscription) => subscription.mode === 'inline' && !subscription.sqlFunction) ||
      asyncSubscriptions().some((subscription) => handles(subscription, type)),
  );
}

/** Inline handlers, event by event, in the append's transaction: a failure aborts the append. Those in SQL have run already. */
export async function runInlineHandlers(appended: StoredEvent[], context: HandlerContext): Promise<void> {
  for (const event of appended) {
    for (const subscription of subscriptionsFor('inline', event.type)) {
      if (subscription.mode === 'inline' && subscription.sqlFunction) continue;
      await runAsHandlerOf(event, () => subscription.handle(event as never, context));
    }
  }
}

/**
 * One job per async handler and event (unless the handler `skips` it, judging
 * by the events appended with it), written in the append's transaction
 * (pg-boss on the caller's Drizzle transaction, each insert deferred to go
 * with the transaction's next statement, often its commit): no event
 * without its jobs, no job without its event. Jobs are grouped by tenant, so a worker can cap
 * how many of one workspace's jobs run at once. Their queues are announced
 * to the workers once the transaction has committed.
 */
export async function enqueueAsyncHandlers(tx: Transaction, appended: StoredEvent[]): Promise<void> {
  const pending = asyncSubscriptions()
    .map((subscription) => ({ subscription, events: appended.filter((event) => handles(subscription, event.type) && !subscription.skips?.(event, appended)) }))
    .filter(({ events }) => events.length > 0);
  if (pending.length === 0) return;
  const boss = await getBoss();
  const db = deferredJobInserts(tx);
  for (const { subscription, events } of pending) {
    await ensureHandlerQueue(boss, subscription);
    const jobs = events.map((event) => ({ data: { eventId: event.eventId, tenantId: event.tenantId } satisfies HandlerJob, group: { id: event.tenantId } }));
    await boss.insert(queueNameOf(subscription), jobs, { db });
  }
  // Workers wake for them once they can be fetched (see jobAnnouncements.ts).
  afterCommit(() => announceJobs(boss, pending.map(({ subscription }) => queueNameOf(subscription))));
}
