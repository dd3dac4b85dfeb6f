import type Pusher from 'pusher-js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRealtimeServer, type RealtimeServer } from '@/server/realtime';
import { app, disconnect, nextEvent, pusherSdk, subscribedClient } from './support';

let server: RealtimeServer;
const clients: Pusher[] = [];
beforeAll(async () => {
  server = await startRealtimeServer({ ...app, port: 0 });
});
afterAll(async () => {
  await Promise.all(clients.map(disconnect));
  await server.close();
});

const subscribed = (channelName: string) => subscribedClient(server.port, channelName, clients);

it('stats count open sockets, and one delivery per socket an event reached (none for the excluded socket, none for empty channels)', async () => {
  expect(server.stats()).toEqual({ connections: 0, deliveries: 0, slowClientDisconnects: 0, bufferedBytes: 0, largestBufferedBytes: 0 });
  const sdk = pusherSdk(server.port);
  const first = await subscribed('counted');
  const second = await subscribed('counted');
  expect(server.stats()).toMatchObject({ connections: 2, deliveries: 0, slowClientDisconnects: 0 });

  const both = Promise.all([nextEvent(first.channel, 'tick'), nextEvent(second.channel, 'tick')]);
  await sdk.trigger(['counted', 'nobody-here'], 'tick', { n: 1 });
  await both;
  expect(server.stats().deliveries).toBe(2);

  const secondOnly = nextEvent(second.channel, 'tick');
  await sdk.triggerBatch([{ channel: 'counted', name: 'tick', data: { n: 2 }, socket_id: first.socketId }]);
  await secondOnly;
  expect(server.stats().deliveries).toBe(3);

  await disconnect(first.client);
  await expect.poll(() => server.stats().connections).toBe(1);
});
