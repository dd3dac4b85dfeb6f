import type { ChannelRegistry } from './channels';
import type { Connection } from './connection';
import type { AppCredentials } from './signatures';
import type { TickWrites } from './tickWrites';

export type RealtimeServerOptions = AppCredentials & {
  /** 0 picks a free port; the chosen one is returned by startRealtimeServer. */
  port: number;
  host?: string;
  /** Client events (`client-*`) on private and presence channels; off unless asked for, as on hosted Pusher. */
  enableClientEvents?: boolean;
  /** Seconds of quiet after which a client should ping; sent in connection_established. */
  activityTimeout?: number;
  /** Quiet time after which the server pings a client itself (default twice activityTimeout). */
  serverPingAfterMs?: number;
  /** How long the server waits for any frame after its ping before closing with 4201. */
  pongTimeoutMs?: number;
  /** Client events one socket may send per second before it is closed with 4301. */
  clientEventsPerSecond?: number;
};

export type RealtimeSettings = Required<Omit<RealtimeServerOptions, 'host'>> & { host: string };

export function settingsFrom(options: RealtimeServerOptions): RealtimeSettings {
  const activityTimeout = options.activityTimeout ?? 30;
  return {
    ...options,
    host: options.host ?? '127.0.0.1',
    enableClientEvents: options.enableClientEvents ?? false,
    activityTimeout,
    serverPingAfterMs: options.serverPingAfterMs ?? activityTimeout * 2000,
    pongTimeoutMs: options.pongTimeoutMs ?? 30_000,
    clientEventsPerSecond: options.clientEventsPerSecond ?? 10,
  };
}

/** What every connection and the HTTP API share within one server. */
export type RealtimeContext = {
  settings: RealtimeSettings;
  channels: ChannelRegistry;
  connections: Map<string, Connection>;
  /** Signed-in sockets by user id, for sendToUser and terminate_connections. */
  users: Map<string, Set<Connection>>;
  /** Where event frames are written, so that one socket's frames of one tick leave together. */
  writes: TickWrites;
  /** Events sent to subscribers so far (HTTP API publishes, sendToUser, relayed client events), for metrics. */
  deliveries: number;
};
