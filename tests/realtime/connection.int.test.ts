import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealtimeServer, type RealtimeServer } from '@/server/realtime';
import { app, connected, disconnect, pusherJs, RawClient } from './support';

let server: RealtimeServer;
beforeAll(async () => {
  server = await startRealtimeServer({ ...app, port: 0 });
});
afterAll(async () => {
  await server.close();
});

describe('connecting on /app/{key}', () => {
  it('greets a client with connection_established: a socket id of two integers and an activity_timeout, data as a JSON string', async () => {
    const client = await RawClient.open(server.port);
    const frame = await client.next('pusher:connection_established');
    expect(typeof frame.data).toBe('string');
    const data = JSON.parse(frame.data as string) as { socket_id: string; activity_timeout: number };
    expect(data.socket_id).toMatch(/^\d+\.\d+$/);
    expect(data.activity_timeout).toBe(30);
    await client.close();
  });

  it('gives each socket its own id', async () => {
    const [a, b] = await Promise.all([RawClient.connect(server.port), RawClient.connect(server.port)]);
    expect(a.socketId).not.toBe(b.socketId);
    await Promise.all([a.client.close(), b.client.close()]);
  });

  it('answers an unknown key with pusher:error 4001, then closes with 4001', async () => {
    const client = await RawClient.open(server.port, '/app/not-our-key?protocol=7');
    const error = await client.next('pusher:error');
    expect(error.data).toMatchObject({ code: 4001 });
    expect((await client.closed).code).toBe(4001);
  });

  it('answers any other path with 4005', async () => {
    const client = await RawClient.open(server.port, '/socket');
    expect((await client.next('pusher:error')).data).toMatchObject({ code: 4005 });
    expect((await client.closed).code).toBe(4005);
  });

  it('ignores unknown query parameters', async () => {
    const client = await RawClient.open(server.port, `/app/${app.key}?protocol=7&client=node&whatever=1`);
    await client.next('pusher:connection_established');
    await client.close();
  });

  it('lets the official pusher-js client connect', async () => {
    const pusher = pusherJs(server.port);
    expect(await connected(pusher)).toMatch(/^\d+\.\d+$/);
    await disconnect(pusher);
  });
});

describe('ping and pong', () => {
  it('answers pusher:ping with pusher:pong', async () => {
    const { client } = await RawClient.connect(server.port);
    client.send({ event: 'pusher:ping', data: {} });
    await client.next('pusher:pong');
    await client.close();
  });
});

describe('public channels', () => {
  it('confirms a subscription with pusher_internal:subscription_succeeded on that channel', async () => {
    const { client } = await RawClient.connect(server.port);
    client.send({ event: 'pusher:subscribe', data: { channel: 'news', auth: '' } });
    const frame = await client.next('pusher_internal:subscription_succeeded', 'news');
    expect(frame.channel).toBe('news');
    await client.close();
  });

  it('lets pusher-js subscribe to a public channel', async () => {
    const pusher = pusherJs(server.port);
    const channel = pusher.subscribe('public-updates');
    await new Promise<void>((resolve) => channel.bind('pusher:subscription_succeeded', () => resolve()));
    expect(channel.subscribed).toBe(true);
    await disconnect(pusher);
  });

  it('refuses an invalid channel name with subscription_error 400 and keeps the connection', async () => {
    const { client } = await RawClient.connect(server.port);
    client.send({ event: 'pusher:subscribe', data: { channel: 'has space' } });
    expect((await client.next('pusher:subscription_error')).data).toMatchObject({ status: 400 });
    client.send({ event: 'pusher:subscribe', data: { channel: 'x'.repeat(165) } });
    expect((await client.next('pusher:subscription_error')).data).toMatchObject({ status: 400 });
    client.send({ event: 'pusher:ping', data: {} });
    await client.next('pusher:pong');
    await client.close();
  });

  it('takes an unsubscribe without reply, and a later subscribe succeeds again', async () => {
    const { client } = await RawClient.connect(server.port);
    client.send({ event: 'pusher:subscribe', data: { channel: 'again' } });
    await client.next('pusher_internal:subscription_succeeded', 'again');
    client.send({ event: 'pusher:unsubscribe', data: { channel: 'again' } });
    client.send({ event: 'pusher:subscribe', data: { channel: 'again' } });
    await client.next('pusher_internal:subscription_succeeded', 'again');
    expect(client.frames).toEqual([]);
    await client.close();
  });
});

describe('malformed frames', () => {
  it('answers each with pusher:error and the connection keeps working', async () => {
    const { client } = await RawClient.connect(server.port);
    const malformed = ['not json', '[1,2]', '{"data":{}}', '{"event":42}', '{"event":"pusher:subscribe"}', '{"event":"pusher:subscribe","data":"{broken"}', '{"event":"pusher:unknown"}', 'null'];
    for (const frame of malformed) {
      client.send(frame);
      await client.next('pusher:error');
    }
    client.ws.send(Buffer.from([0, 1, 2]), { binary: true });
    await client.next('pusher:error');
    client.send({ event: 'pusher:ping', data: {} });
    await client.next('pusher:pong');
    await client.close();
  });

  it('closes a socket that sends a frame over the size limit with 1009, and keeps serving others', async () => {
    const { client } = await RawClient.connect(server.port);
    client.send('x'.repeat(100 * 1024));
    expect((await client.closed).code).toBe(1009);
    const { client: other } = await RawClient.connect(server.port);
    await other.close();
  });
});
