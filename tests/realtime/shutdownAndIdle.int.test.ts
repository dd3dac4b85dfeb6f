import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealtimeServer, type RealtimeServer } from '@/server/realtime';
import { app, RawClient } from './support';

/** Short liveness timers, so the idle close is observed in well under a second. */
let server: RealtimeServer;
beforeAll(async () => {
  server = await startRealtimeServer({ ...app, port: 0, serverPingAfterMs: 150, pongTimeoutMs: 150 });
});
afterAll(async () => {
  await server.close();
});

describe('idle clients', () => {
  it('are pinged by the server and closed with pusher:error 4201 when no pong comes back', async () => {
    const { client } = await RawClient.connect(server.port);
    await client.next('pusher:ping');
    expect((await client.next('pusher:error')).data).toMatchObject({ code: 4201 });
    expect((await client.closed).code).toBe(4201);
  });

  it('stay open while they answer the server ping', async () => {
    const { client } = await RawClient.connect(server.port);
    for (let i = 0; i < 3; i++) {
      await client.next('pusher:ping');
      client.send({ event: 'pusher:pong', data: {} });
    }
    expect(client.ws.readyState).toBe(client.ws.OPEN);
    await client.close();
  });
});

describe('graceful shutdown', () => {
  it('sends pusher:error 4200 to every client, closes them with 4200 and releases the port', async () => {
    const own = await startRealtimeServer({ ...app, port: 0 });
    const clients = await Promise.all([RawClient.connect(own.port), RawClient.connect(own.port)]);
    await own.close();
    for (const { client } of clients) {
      expect((await client.next('pusher:error')).data).toMatchObject({ code: 4200 });
      expect((await client.closed).code).toBe(4200);
    }
    const reuse = await startRealtimeServer({ ...app, port: own.port });
    await reuse.close();
  });
});
