import type { Config } from '@/server/config';

/** Where the server publishes: hosted Pusher, another Pusher-compatible server, or the embedded one. */
export type RealtimeSettings = {
  appId: string;
  key: string;
  secret: string;
  useTLS: boolean;
  /** Hosted Pusher's cluster; otherwise host and port. */
  cluster?: string;
  host?: string;
  port?: number;
  embedded: boolean;
};

/** What a browser needs to connect with pusher-js (never the secret). */
export type BrowserRealtimeSettings = {
  key: string;
  cluster: string;
  forceTLS: boolean;
  /** Another Pusher-compatible server's host; absent for hosted Pusher (the cluster decides). */
  wsHost?: string;
  wsPort?: number;
  /** The embedded server: on the host the page was loaded from, at wsPort. */
  sameHost: boolean;
};

/** Hosted Pusher when PUSHER_* credentials are set, else the embedded server that `npm start` runs. */
export function realtimeSettings(config: Config): RealtimeSettings | null {
  if (config.PUSHER_APP_ID && config.PUSHER_KEY && config.PUSHER_SECRET) {
    return {
      appId: config.PUSHER_APP_ID,
      key: config.PUSHER_KEY,
      secret: config.PUSHER_SECRET,
      useTLS: config.PUSHER_USE_TLS,
      cluster: config.PUSHER_HOST ? undefined : (config.PUSHER_CLUSTER ?? 'mt1'),
      host: config.PUSHER_HOST,
      port: config.PUSHER_PORT,
      embedded: false,
    };
  }
  if (!config.REALTIME_APP_ID || !config.REALTIME_KEY || !config.REALTIME_SECRET) return null;
  return {
    appId: config.REALTIME_APP_ID,
    key: config.REALTIME_KEY,
    secret: config.REALTIME_SECRET,
    useTLS: false,
    // The embedded server may listen on 0.0.0.0; the web server and worker reach it locally.
    host: config.REALTIME_HOST === '0.0.0.0' ? '127.0.0.1' : config.REALTIME_HOST,
    port: config.REALTIME_PORT,
    embedded: true,
  };
}

export function browserSettingsOf(settings: RealtimeSettings): BrowserRealtimeSettings {
  const { key, useTLS: forceTLS } = settings;
  if (settings.embedded) return { key, cluster: 'embedded', forceTLS, wsPort: settings.port, sameHost: true };
  if (settings.host) return { key, cluster: 'custom', forceTLS, wsHost: settings.host, wsPort: settings.port ?? (forceTLS ? 443 : 80), sameHost: false };
  return { key, cluster: settings.cluster ?? 'mt1', forceTLS, sameHost: false };
}

/** The Content-Security-Policy `connect-src` entries that let a page reach the realtime server. */
export function connectSourcesOf(settings: RealtimeSettings, pageHostname: string): string[] {
  const scheme = settings.useTLS ? 'wss' : 'ws';
  if (settings.embedded) return [`${scheme}://${pageHostname}:${settings.port}`];
  if (settings.host) return [`${scheme}://${settings.host}${settings.port ? `:${settings.port}` : ''}`];
  return [`wss://ws-${settings.cluster ?? 'mt1'}.pusher.com`];
}
