import Pusher, { type Options } from 'pusher-js';

/**
 * pusher-js in Node, connected to an embedded realtime server on this
 * machine: plain WebSocket on `port`, no HTTP fallbacks, no stats to
 * Pusher's host. `options` add channel authorization and the like.
 */
export function localPusher(key: string, port: number, options: Partial<Options> = {}): Pusher {
  return new Pusher(key, {
    cluster: 'local',
    wsHost: '127.0.0.1',
    wsPort: port,
    wssPort: port,
    forceTLS: false,
    enabledTransports: ['ws'],
    disableStats: true,
    ...options,
  });
}
