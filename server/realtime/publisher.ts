import { Agent } from 'node:https';
import Pusher from 'pusher';
import { getConfig } from '@/server/config';
import { realtimeSettings, type RealtimeSettings } from './settings';

export type LiveMessage = { channel: string; event: string; data: unknown };

/** Pusher's batch API takes at most this many events per call. */
const batchLimit = 10;
const timeoutMs = 3_000;

let cached: Pusher | null | undefined;

export function pusherFor(settings: RealtimeSettings): Pusher {
  const common = { appId: settings.appId, key: settings.key, secret: settings.secret, useTLS: settings.useTLS, timeout: timeoutMs };
  if (settings.host) return new Pusher({ ...common, host: settings.host, port: settings.port ? String(settings.port) : undefined });
  return new Pusher({ ...common, cluster: settings.cluster ?? 'mt1', agent: settings.useTLS ? new Agent({ keepAlive: true }) : undefined });
}

/** The official SDK, set up from this process's configuration; null when realtime is not configured (a test, a script). */
export function getPublisher(): Pusher | null {
  if (cached === undefined) {
    const settings = realtimeSettings(getConfig());
    cached = settings ? pusherFor(settings) : null;
  }
  return cached;
}

/** Publishes through the SDK, in batches; throws when the realtime server refuses or cannot be reached. */
export async function publish(messages: LiveMessage[]): Promise<void> {
  const pusher = getPublisher();
  if (!pusher || messages.length === 0) return;
  for (let start = 0; start < messages.length; start += batchLimit) {
    const batch = messages.slice(start, start + batchLimit).map(({ channel, event, data }) => ({ channel, name: event, data }));
    await pusher.triggerBatch(batch);
  }
}
