import type { RetryPolicy } from '@/server/events';

/** Exponential backoff with jitter (pg-boss's `retryBackoff`), from `firstDelaySeconds`, capped at `maxDelaySeconds`. */
export function exponentialRetry(limit: number, firstDelaySeconds: number, maxDelaySeconds: number): RetryPolicy {
  return { retryLimit: limit, retryDelay: firstDelaySeconds, retryBackoff: true, retryDelayMax: maxDelaySeconds };
}
