/**
 * The app's realtime, live in a test process: the embedded server started
 * here, the app's publisher pointed at it (REALTIME_* set before any server
 * module reads the configuration), and pusher-js clients authorized by the
 * app's own channel-auth decision for a given person — what
 * /api/realtime/auth does with that person's session.
 */
import type Pusher from 'pusher-js';
import { startRealtimeServer, type RealtimeServer } from '@/server/realtime/startRealtimeServer';
import { localPusher } from './localPusher';

export const liveApp = { appId: 'tramite-test', key: 'tramite-test-key', secret: 'tramite-test-secret-0123456789' };

/** Starts the server on a free port and configures the app to publish to it. Call before importing server modules. */
export async function startLiveServer(): Promise<RealtimeServer> {
  const server = await startRealtimeServer({ ...liveApp, port: 0 });
  Object.assign(process.env, { REALTIME_APP_ID: liveApp.appId, REALTIME_KEY: liveApp.key, REALTIME_SECRET: liveApp.secret, REALTIME_PORT: String(server.port) });
  return server;
}

/**
 * pusher-js (in Node) whose channel authorization is `authorizeChannel` for
 * `userId`. `socketId` may replace the id pusher-js sends, to forge one.
 */
export function pusherAs(port: number, userId: string, options: { socketId?: (real: string) => string } = {}): Pusher {
  return localPusher(liveApp.key, port, {
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) => {
        import('@/server/realtime')
          .then(({ authorizeChannel }) => authorizeChannel(userId, options.socketId?.(socketId) ?? socketId, channelName))
          .then(
            (auth) => callback(null, auth),
            (error: Error) => callback(error, null),
          );
      },
    },
  });
}

type Bindable = { bind(event: string, cb: (data: unknown) => void): unknown };

/** Every `event` a channel receives, in order, and a way to wait for one that matches. */
export function collect<T>(channel: Bindable, event: string) {
  const received: T[] = [];
  const waiters = new Set<() => void>();
  channel.bind(event, (data) => {
    received.push(data as T);
    waiters.forEach((wake) => wake());
  });
  return {
    received,
    /** Resolves with the first message (already received or still to come) that matches. */
    until(match: (message: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = received.find(match);
          if (!found) return false;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${event} message ${what} within ${timeoutMs} ms; received ${JSON.stringify(received)}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
  };
}

/** Resolves with the outcome of subscribing: the channel joined, or the subscription_error pusher-js reported. */
export function subscription(channel: Bindable): Promise<{ joined: true } | { joined: false; error: { type: string; error: string } }> {
  return new Promise((resolve) => {
    channel.bind('pusher:subscription_succeeded', () => resolve({ joined: true }));
    channel.bind('pusher:subscription_error', (error) => resolve({ joined: false, error: error as { type: string; error: string } }));
  });
}
