import type { Options } from 'pusher-js';
import type { BrowserRealtimeSettings } from '@/server/realtime';

/** The endpoint that signs private-channel subscriptions (app/api/realtime/auth). */
export const channelAuthEndpoint = '/api/realtime/auth';

/**
 * pusher-js options for the settings the server rendered into the page.
 * WebSockets only: the page's Content-Security-Policy allows the socket's
 * origin and nothing else, so HTTP fallbacks could not connect anyway. No
 * stats: nothing leaves for Pusher's stats host.
 */
export function pusherOptionsOf(settings: BrowserRealtimeSettings, pageHostname: string): Options {
  const options: Options = {
    cluster: settings.cluster,
    forceTLS: settings.forceTLS,
    enabledTransports: ['ws', 'wss'],
    disableStats: true,
    channelAuthorization: { endpoint: channelAuthEndpoint, transport: 'ajax' },
  };
  const host = settings.sameHost ? pageHostname : settings.wsHost;
  if (!host) return options;
  return { ...options, wsHost: host, wsPort: settings.wsPort, wssPort: settings.wsPort };
}
