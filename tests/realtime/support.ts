/**
 * Clients for the conformance suite: a raw WebSocket that records every frame
 * (for what the official clients never send), and the official pusher-js and
 * pusher SDKs pointed at the embedded server.
 */
import PusherServer from 'pusher';
import type Pusher from 'pusher-js';
import type { Options } from 'pusher-js';
import { WebSocket } from 'ws';
import { localPusher } from '@/tests/support/localPusher';

export const app = { appId: '4242', key: 'test-key', secret: 'test-secret' };

export type Frame = { event: string; channel?: string; data?: unknown };

export class RawClient {
  readonly frames: Frame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly listeners = new Set<() => void>();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as Frame);
      this.listeners.forEach((l) => l());
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  static open(port: number, path = `/app/${app.key}?protocol=7&client=js&version=8.6.0&flash=false`): Promise<RawClient> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`);
    const client = new RawClient(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
    });
  }

  /** Opens a socket and waits for connection_established; answers with the socket id. */
  static async connect(port: number): Promise<{ client: RawClient; socketId: string }> {
    const client = await RawClient.open(port);
    const established = await client.next('pusher:connection_established');
    return { client, socketId: (JSON.parse(established.data as string) as { socket_id: string }).socket_id };
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first frame not yet taken that matches; waits for it when none has arrived. */
  next(event: string, channel?: string, timeoutMs = 5_000): Promise<Frame> {
    const take = () => {
      const index = this.frames.findIndex((f) => f.event === event && (channel === undefined || f.channel === channel));
      return index < 0 ? undefined : this.frames.splice(index, 1)[0];
    };
    return new Promise((resolve, reject) => {
      const found = take();
      if (found) return resolve(found);
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`no ${event} within ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`));
      }, timeoutMs);
      const listener = () => {
        const frame = take();
        if (!frame) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(frame);
      };
      this.listeners.add(listener);
    });
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close();
    await this.closed;
  }
}

export function pusherJs(port: number, options: Partial<Options> = {}): Pusher {
  return localPusher(app.key, port, options);
}

/** A pusher-js client (kept in `opened`, to disconnect afterwards) connected and subscribed to `channelName`. */
export async function subscribedClient(port: number, channelName: string, opened: Pusher[]) {
  const client = pusherJs(port);
  opened.push(client);
  const socketId = await connected(client);
  const channel = client.subscribe(channelName);
  await nextEvent(channel, 'pusher:subscription_succeeded');
  return { client, channel, socketId };
}

/** Resolves with the socket id once pusher-js is connected. */
export function connected(client: Pusher): Promise<string> {
  return new Promise((resolve, reject) => {
    if (client.connection.state === 'connected') return resolve(client.connection.socket_id);
    client.connection.bind('connected', () => resolve(client.connection.socket_id));
    client.connection.bind('failed', () => reject(new Error('pusher-js failed to connect')));
  });
}

/** Disconnects and waits until pusher-js has let go of its socket. */
export function disconnect(client: Pusher): Promise<void> {
  return new Promise((resolve) => {
    if (client.connection.state === 'disconnected' || client.connection.state === 'initialized') return resolve();
    client.connection.bind('disconnected', () => resolve());
    client.disconnect();
  });
}

export function pusherSdk(port: number, credentials: { appId: string; key: string; secret: string } = app): PusherServer {
  return new PusherServer({ ...credentials, host: '127.0.0.1', port: String(port), useTLS: false });
}

/** Resolves with the data of the next `event` on a pusher-js channel. */
export function nextEvent<T = unknown>(channel: { bind(event: string, cb: (data: T) => void): unknown; unbind(event: string, cb: (data: T) => void): unknown }, event: string): Promise<T> {
  return new Promise((resolve) => {
    const handler = (data: T) => {
      channel.unbind(event, handler);
      resolve(data);
    };
    channel.bind(event, handler);
  });
}

/**
 * A request signed by hand (auth_version 1.0), independent of the server's
 * own code, with knobs to break one part of it at a time.
 */
export async function signedRequest(
  port: number,
  method: 'GET' | 'POST',
  path: string,
  options: { body?: string; params?: Record<string, string>; timestamp?: number; bodyMd5?: string; secret?: string; sentBody?: string } = {},
): Promise<{ status: number; body: unknown }> {
  const { createHash, createHmac } = await import('node:crypto');
  const params: Record<string, string> = {
    auth_key: app.key,
    auth_timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)),
    auth_version: '1.0',
    ...options.params,
  };
  if (options.body !== undefined) params.body_md5 = options.bodyMd5 ?? createHash('md5').update(options.body).digest('hex');
  const query = Object.keys(params)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
  const signature = createHmac('sha256', options.secret ?? app.secret).update(`${method}\n${path}\n${query}`).digest('hex');
  const response = await fetch(`http://127.0.0.1:${port}${path}?${query}&auth_signature=${signature}`, {
    method,
    body: options.sentBody ?? options.body,
    headers: options.body !== undefined ? { 'content-type': 'application/json' } : {},
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/**
 * The app's channel-auth endpoint in miniature: pusher-js form-POSTs
 * socket_id and channel_name (plus its `params`, here `user`), and the answer
 * comes from the SDK's authorizeChannel (or authenticateUser on /user-auth) — signed with `secret`, which a test
 * may set wrong on purpose.
 */
export async function startAuthEndpoint(secret = app.secret): Promise<{ url: string; userUrl: string; close(): Promise<void> }> {
  const { createServer } = await import('node:http');
  const signer = new PusherServer({ ...app, secret, host: '127.0.0.1' });
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      if (req.url === '/user-auth') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(signer.authenticateUser(form.get('socket_id')!, { id: form.get('user')! })));
      }
      const channel = form.get('channel_name')!;
      const user = form.get('user');
      const presence = channel.startsWith('presence-') ? { user_id: user ?? 'anonymous', user_info: { name: `User ${user}` } } : undefined;
      const answer = signer.authorizeChannel(form.get('socket_id')!, channel, presence);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/auth`,
    userUrl: `http://127.0.0.1:${port}/user-auth`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
