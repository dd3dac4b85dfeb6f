import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { logger } from '@/server/observability';
import { ChannelRegistry } from './channels';
import { Connection } from './connection';
import { settingsFrom, type RealtimeContext, type RealtimeServerOptions } from './context';
import { handleHttpApi } from './httpApi';
import { closeCodes, encodeError } from './protocol';
import { constantTimeEqual } from './signatures';
import { TickWrites } from './tickWrites';

export type RealtimeStats = {
  /** Open sockets. */
  connections: number;
  /** Events sent to subscribers since start, one per receiving socket. */
  deliveries: number;
  /** Clients closed with 4100 since start because more than maxBufferedBytes waited for them. */
  slowClientDisconnects: number;
  /** Bytes waiting to be sent, over all sockets, and on the socket with the most. */
  bufferedBytes: number;
  largestBufferedBytes: number;
};

export type RealtimeServer = {
  port: number;
  stats(): RealtimeStats;
  /** Tells every client the server is going away (4200, so pusher-js reconnects at once), then stops listening. */
  close(): Promise<void>;
};

/** Frames larger than this are refused by ws with close code 1009 before we parse them. */
const maxFrameBytes = 64 * 1024;
const shutdownGraceMs = 2_000;
/**
 * Module-level on purpose: an arrow written inside the upgrade handler would
 * share that handler's closure scope and keep the request (headers and all)
 * alive for as long as the socket lives.
 */
const ignoreError = () => {};

/**
 * An embedded Pusher-compatible server (protocol 7) for one app: WebSockets on
 * /app/{key} and the HTTP API on /apps/{appId}/…, on one port. Single-node:
 * channels live in this process's memory.
 */
export async function startRealtimeServer(options: RealtimeServerOptions): Promise<RealtimeServer> {
  const settings = settingsFrom(options);
  const context: RealtimeContext = {
    settings,
    channels: new ChannelRegistry(),
    connections: new Map(),
    users: new Map(),
    writes: new TickWrites(),
    deliveries: 0,
    slowClientDisconnects: 0,
    logger: options.logger ?? logger,
  };
  const http = createServer((req, res) => void respond(context, req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes });

  http.on('upgrade', (req, socket, head) => {
    socket.on('error', ignoreError);
    wss.handleUpgrade(req, socket, head, (ws) => accept(context, ws, req, socket));
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(settings.port, settings.host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;

  return {
    port,
    stats: () => stats(context),
    async close() {
      const closing = [...context.connections.values()].map(
        (connection) => new Promise<void>((resolve) => connection.onClosed(resolve)),
      );
      for (const connection of context.connections.values()) connection.closeWithError(closeCodes.shuttingDown, 'Server shutting down');
      const grace = setTimeout(() => context.connections.forEach((c) => c.terminate()), shutdownGraceMs);
      await Promise.all(closing);
      clearTimeout(grace);
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function stats(context: RealtimeContext): RealtimeStats {
  let bufferedBytes = 0;
  let largestBufferedBytes = 0;
  for (const connection of context.connections.values()) {
    bufferedBytes += connection.bufferedBytes;
    largestBufferedBytes = Math.max(largestBufferedBytes, connection.bufferedBytes);
  }
  const { deliveries, slowClientDisconnects } = context;
  return { connections: context.connections.size, deliveries, slowClientDisconnects, bufferedBytes, largestBufferedBytes };
}

/** `socket` is the one ws took over: event frames are written to it directly (see wireFrame.ts). */
function accept(context: RealtimeContext, ws: WebSocket, req: IncomingMessage, socket: Duplex): void {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const match = /^\/app\/([^/]+)\/?$/.exec(path);
  if (!match) return refuse(ws, closeCodes.pathNotFound, 'Path not found; connect to /app/{key}');
  if (!constantTimeEqual(match[1]!, context.settings.key)) return refuse(ws, closeCodes.unknownApp, 'App key not in this server');
  const connection = new Connection(ws, socket, context);
  context.connections.set(connection.socketId, connection);
}

function refuse(ws: WebSocket, code: number, message: string): void {
  ws.on('error', () => {});
  ws.send(encodeError(code, message));
  ws.close(code, message);
}

async function respond(context: RealtimeContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    await handleHttpApi(context, req, res);
  } catch {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'Internal error' }));
  }
}
