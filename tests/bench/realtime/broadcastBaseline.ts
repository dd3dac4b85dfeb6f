/**
 * The benchmark's baseline: the least a server can do and still carry the
 * same traffic — a bare `ws` server speaking just enough of the Pusher
 * protocol for pusher-js (connection_established, subscription_succeeded,
 * pong) and taking the SDK's POSTs to /events and /batch_events. No
 * signatures, no validation, no timers, no limits: what is left is JSON
 * parsing, one encoding per channel, and the sends. The same clients and the
 * same SDK calls run against it and against the embedded server.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

type PublishedEvent = { name: string; data: string; channel?: string; channels?: string[] };

export async function startBroadcastBaseline(): Promise<{ port: number; stats(): { connections: number; deliveries: number } }> {
  const channels = new Map<string, Set<WebSocket>>();
  let connections = 0;
  let deliveries = 0;
  let nextSocket = 0;

  const broadcast = (event: PublishedEvent) => {
    for (const channel of event.channels ?? [event.channel!]) {
      const frame = JSON.stringify({ event: event.name, channel, data: event.data });
      for (const ws of channels.get(channel) ?? []) {
        ws.send(frame);
        deliveries += 1;
      }
    }
  };

  const http = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as PublishedEvent & { batch?: PublishedEvent[] };
      for (const event of body.batch ?? [body]) broadcast(event);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });

  const wss = new WebSocketServer({ server: http });
  wss.on('connection', (ws) => {
    connections += 1;
    nextSocket += 1;
    const joined = new Set<string>();
    ws.send(JSON.stringify({ event: 'pusher:connection_established', data: JSON.stringify({ socket_id: `${nextSocket}.${nextSocket}`, activity_timeout: 120 }) }));
    ws.on('message', (raw) => {
      const frame = JSON.parse(raw.toString()) as { event: string; data?: { channel?: string } };
      if (frame.event === 'pusher:ping') return ws.send('{"event":"pusher:pong","data":"{}"}');
      if (frame.event !== 'pusher:subscribe' || !frame.data?.channel) return;
      const channel = frame.data.channel;
      let subscribers = channels.get(channel);
      if (!subscribers) channels.set(channel, (subscribers = new Set()));
      subscribers.add(ws);
      joined.add(channel);
      ws.send(JSON.stringify({ event: 'pusher_internal:subscription_succeeded', channel, data: '{}' }));
    });
    ws.on('close', () => {
      connections -= 1;
      for (const channel of joined) channels.get(channel)?.delete(ws);
    });
  });

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { port: (http.address() as AddressInfo).port, stats: () => ({ connections, deliveries }) };
}
