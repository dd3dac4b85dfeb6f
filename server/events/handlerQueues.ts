import type { PgBoss } from 'pg-boss';
import { queueNameOf, retryPolicyOf, type AsyncSubscription } from './handlers';

const ensured = new Map<string, Promise<void>>();

/**
 * Makes the handler's queue exist with the retry policy its subscription
 * declares (updating it when the declaration changed), once per process.
 */
export function ensureHandlerQueue(boss: PgBoss, subscription: AsyncSubscription): Promise<void> {
  const name = queueNameOf(subscription);
  let done = ensured.get(name);
  if (!done) {
    done = (async () => {
      const policy = retryPolicyOf(subscription);
      const existing = await boss.getQueue(name);
      const expireInSeconds = subscription.timeoutSeconds;
      if (!existing) return boss.createQueue(name, { ...policy, notify: true, ...(expireInSeconds && { expireInSeconds }) });
      const changed = (Object.keys(policy) as (keyof typeof policy)[]).some((key) => (existing[key] ?? undefined) !== policy[key]);
      if (changed || !existing.notify) await boss.updateQueue(name, { ...policy, retryDelayMax: policy.retryDelayMax ?? null, notify: true });
    })().catch((error) => {
      ensured.delete(name);
      throw error;
    });
    ensured.set(name, done);
  }
  return done;
}
