import { getPublisher } from '@/server/realtime';

export type RealtimeOccupancy = { channels: number; subscriptions: number };

/**
 * A signed call to the realtime server's HTTP API (`GET /channels` with
 * subscription counts) through the official SDK: it proves the credentials
 * are accepted, and says how busy the server is. Hosted Pusher answers the
 * counts only when subscription counting is enabled for the app.
 */
export async function realtimeOccupancy(timeoutMs: number): Promise<RealtimeOccupancy> {
  const pusher = getPublisher();
  if (!pusher) throw new Error('realtime is not configured (no PUSHER_* or REALTIME_* credentials)');
  const response = await withTimeout(pusher.get({ path: '/channels', params: { info: 'subscription_count' } }), timeoutMs, 'the realtime server');
  const body = (await response.json()) as { channels?: Record<string, { subscription_count?: number }> };
  const channels = Object.values(body.channels ?? {});
  return { channels: channels.length, subscriptions: channels.reduce((sum, channel) => sum + (channel.subscription_count ?? 0), 0) };
}

/** Rejects when `promise` has not settled within `ms` (the work itself is not cancelled). */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
