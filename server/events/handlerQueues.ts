import type { PgBoss } from 'pg-boss';
import { queueNameOf, retryPolicyOf, type AsyncSubscription } from './handlers';

const ensured = new Map<string, Promise<void>>();

/**
 * A worker touches each job it holds every half of this; a job not touched
 * for this long (its worker was killed, or lost the database) is failed by
 * pg-boss's supervisor and retried, instead of waiting out its timeout.
 * pg-boss's minimum.
 */
export const heartbeatSeconds = 10;

/**
 * Makes the handler's queue exist with the retry policy its subscription
 * declares and the heartbeat, without pg-boss's NOTIFY (updating it when any
 * of these differ), once per process.
 */
export function ensureHandlerQueue(boss: PgBoss, subscription: AsyncSubscription): Promise<void> {
  const name = queueNameOf(subscription);
  let done = ensured.get(name);
  if (!done) {
    done = (async () => {
      const policy = retryPolicyOf(subscription);
      const existing = await boss.getQueue(name);
      const expireInSeconds = subscription.timeoutSeconds;
      // No pg-boss NOTIFY inside the inserting transactions: workers are woken after commit instead (jobAnnouncements.ts).
      if (!existing) return boss.createQueue(name, { ...policy, notify: false, heartbeatSeconds, ...(expireInSeconds && { expireInSeconds }) });
      const changed = (Object.keys(policy) as (keyof typeof policy)[]).some((key) => (existing[key] ?? undefined) !== policy[key]);
      if (changed || existing.notify || existing.heartbeatSeconds !== heartbeatSeconds) {
        await boss.updateQueue(name, { ...policy, retryDelayMax: policy.retryDelayMax ?? null, notify: false, heartbeatSeconds });
      }
    })().catch((error) => {
      ensured.delete(name);
      throw error;
    });
    ensured.set(name, done);
  }
  return done;
}
