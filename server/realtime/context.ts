import type { Logger } from '@/server/observability';
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
  /**
   * Bytes one socket may have waiting to be sent (a client that stopped
   * reading, or reads slower than its channels publish). A frame that would
   * leave more is not written: the client is closed with 4100 instead, so one
   * stuck client cannot grow the server's memory without bound. It must hold
   * what one API request sends one socket, since those frames are buffered
   * together before any leaves (tickWrites.ts): a batch of 10 events of 10 KB.
   * The default, 4 MiB, holds 400 such events, far more than a live page falls behind by.
   */
  maxBufferedBytes?: number;
  /** How long a client the server closes has to read what is still buffered and answer the close frame before its socket is destroyed. */
  closeTimeoutMs?: number;
  /** Where the server logs what an operator should know (a client closed for not reading); the app's logger unless given. */
  logger?: Logger;
};

export type RealtimeSettings = Required<Omit<RealtimeServerOptions, 'host' | 'logger'>> & { host: string };

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
    maxBufferedBytes: options.maxBufferedBytes ?? 4 * 1024 * 1024,
    closeTimeoutMs: options.closeTimeoutMs ?? 10_000,
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
  /** Clients closed with 4100 because more than maxBufferedBytes waited for them. */
  slowClientDisconnects: number;
  logger: Logger;
};
