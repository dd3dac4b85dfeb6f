import type Pusher from 'pusher';
import { getPublisher } from '@/server/realtime';

export type RealtimeOccupancy = { channels: number; subscriptions: number };

/**
 * A signed call to the realtime server's HTTP API (`GET /channels`) through
 * the official SDK: it proves the server is reachable and accepts our
 * credentials. With `counts`, it also asks for each channel's subscription
 * count, which hosted Pusher answers only when the app has subscription
 * counting enabled (otherwise it refuses the call).
 */
export async function realtimeChannels(options: { counts: boolean; timeoutMs: number; pusher?: Pusher | null }): Promise<RealtimeOccupancy> {
  const pusher = options.pusher === undefined ? getPublisher() : options.pusher;
  if (!pusher) throw new Error('realtime is not configured (no PUSHER_* or REALTIME_* credentials)');
  const params = options.counts ? { info: 'subscription_count' } : undefined;
  const response = await withTimeout(pusher.get({ path: '/channels', params }), options.timeoutMs, 'the realtime server');
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
