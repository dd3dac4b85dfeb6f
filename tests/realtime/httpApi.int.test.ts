import type Pusher from 'pusher-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealtimeServer, type RealtimeServer } from '@/server/realtime';
import { app, disconnect, nextEvent, pusherSdk, RawClient, signedRequest, subscribedClient } from './support';

let server: RealtimeServer;
let sdk: ReturnType<typeof pusherSdk>;
const clients: Pusher[] = [];
beforeAll(async () => {
  server = await startRealtimeServer({ ...app, port: 0 });
  sdk = pusherSdk(server.port);
});
afterAll(async () => {
  await Promise.all(clients.map(disconnect));
  await server.close();
});

const subscribed = (channelName: string) => subscribedClient(server.port, channelName, clients);

const events = `/apps/${app.appId}/events`;
const triggerBody = (overrides: Record<string, unknown> = {}) => JSON.stringify({ name: 'greeting', data: '{"hello":"world"}', channels: ['news'], ...overrides });

describe('publishing with the official pusher SDK', () => {
  it('an event triggered through the SDK reaches a pusher-js subscriber with its data', async () => {
    const { channel } = await subscribed('orders');
    const received = nextEvent(channel, 'order-placed');
    const response = await sdk.trigger('orders', 'order-placed', { id: 7, total: '12.50' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
    expect(await received).toEqual({ id: 7, total: '12.50' });
  });

  it('one trigger to several channels reaches each of them', async () => {
    const [a, b] = await Promise.all([subscribed('multi-a'), subscribed('multi-b')]);
    const received = Promise.all([nextEvent(a.channel, 'ping'), nextEvent(b.channel, 'ping')]);
    await sdk.trigger(['multi-a', 'multi-b'], 'ping', { n: 1 });
    expect(await received).toEqual([{ n: 1 }, { n: 1 }]);
  });

  it('triggerBatch delivers every event of the batch', async () => {
    const { channel } = await subscribed('batched');
    const received = Promise.all([nextEvent(channel, 'first'), nextEvent(channel, 'second')]);
    const response = await sdk.triggerBatch([
      { channel: 'batched', name: 'first', data: { n: 1 } },
      { channel: 'batched', name: 'second', data: { n: 2 } },
    ]);
    expect(response.status).toBe(200);
    expect(await received).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('socket_id keeps the event from the socket it names, and only from it', async () => {
    const publisher = await subscribed('excluded');
    const other = await subscribed('excluded');
    const otherGot = nextEvent(other.channel, 'update');
    const publisherGot = nextEvent(publisher.channel, 'update');
    await sdk.trigger('excluded', 'update', { n: 1 }, { socket_id: publisher.socketId });
    expect(await otherGot).toEqual({ n: 1 });
    // Frames on one socket arrive in order: the publisher's first update is the unexcluded second one.
    await sdk.trigger('excluded', 'update', { n: 2 });
    expect(await publisherGot).toEqual({ n: 2 });
  });

  it('a raw subscriber receives data as the string the SDK sent, on the channel named', async () => {
    const { client } = await RawClient.connect(server.port);
    client.send({ event: 'pusher:subscribe', data: { channel: 'raw' } });
    await client.next('pusher_internal:subscription_succeeded', 'raw');
    await sdk.trigger('raw', 'note', 'plain text');
    expect(await client.next('note', 'raw')).toEqual({ event: 'note', channel: 'raw', data: 'plain text' });
    await client.close();
  });
});

describe('channel queries', () => {
  it('GET /channels lists occupied channels by prefix; /channels/{name} tells occupancy and subscription_count', async () => {
    await subscribed('query-one');
    await subscribed('query-one');
    const list = await sdk.get({ path: '/channels', params: { filter_by_prefix: 'query-' } });
    expect(await list.json()).toEqual({ channels: { 'query-one': {} } });
    const one = await sdk.get({ path: '/channels/query-one', params: { info: 'subscription_count' } });
    expect(await one.json()).toEqual({ occupied: true, subscription_count: 2 });
    const empty = await sdk.get({ path: '/channels/query-nobody' });
    expect(await empty.json()).toEqual({ occupied: false });
  });

  it('a channel whose last subscriber unsubscribed is no longer occupied', async () => {
    const { client } = await subscribed('leaving');
    client.unsubscribe('leaving');
    await expect.poll(async () => (await (await sdk.get({ path: '/channels/leaving' })).json()) as unknown).toEqual({ occupied: false });
  });

  it('user_count is refused (400) outside presence channels', async () => {
    expect((await signedRequest(server.port, 'GET', `/apps/${app.appId}/channels`, { params: { info: 'user_count' } })).status).toBe(400);
    expect((await signedRequest(server.port, 'GET', `/apps/${app.appId}/channels/news`, { params: { info: 'user_count' } })).status).toBe(400);
    expect((await signedRequest(server.port, 'GET', `/apps/${app.appId}/channels/news/users`)).status).toBe(400);
  });
});

describe('request signing', () => {
  it('accepts a correctly signed raw request', async () => {
    expect(await signedRequest(server.port, 'POST', events, { body: triggerBody() })).toEqual({ status: 200, body: {} });
  });

  it('refuses a signature made with another secret (401)', async () => {
    expect((await signedRequest(server.port, 'POST', events, { body: triggerBody(), secret: 'not-the-secret' })).status).toBe(401);
  });

  it('refuses a tampered signature, a missing one and a wrong auth_key (401)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const base = `http://127.0.0.1:${server.port}/apps/${app.appId}/channels`;
    expect((await fetch(`${base}?auth_key=${app.key}&auth_timestamp=${now}&auth_version=1.0&auth_signature=${'0'.repeat(64)}`)).status).toBe(401);
    expect((await fetch(`${base}?auth_key=${app.key}&auth_timestamp=${now}&auth_version=1.0`)).status).toBe(401);
    expect((await fetch(`${base}`)).status).toBe(401);
    const sdkWithWrongKey = pusherSdk(server.port, { ...app, key: 'other-key' });
    await expect(sdkWithWrongKey.trigger('news', 'x', {})).rejects.toMatchObject({ status: 401 });
  });

  it('refuses a timestamp more than 600 s old or ahead (401), accepts one within the window', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await signedRequest(server.port, 'POST', events, { body: triggerBody(), timestamp: now - 601 })).status).toBe(401);
    expect((await signedRequest(server.port, 'POST', events, { body: triggerBody(), timestamp: now + 601 })).status).toBe(401);
    expect((await signedRequest(server.port, 'POST', events, { body: triggerBody(), timestamp: now - 590 })).status).toBe(200);
  });

  it('refuses a body whose bytes do not match body_md5 (401), even when it parses to the same JSON', async () => {
    expect((await signedRequest(server.port, 'POST', events, { body: triggerBody(), bodyMd5: '0'.repeat(32) })).status).toBe(401);
    const signed = triggerBody();
    const sameJsonOtherBytes = JSON.stringify(JSON.parse(signed), null, 2);
    expect((await signedRequest(server.port, 'POST', events, { body: signed, sentBody: sameJsonOtherBytes })).status).toBe(401);
    expect((await signedRequest(server.port, 'POST', events, { body: triggerBody(), sentBody: '' })).status).toBe(401);
  });

  it('answers 404 for another app id or an unknown path', async () => {
    expect((await signedRequest(server.port, 'POST', '/apps/999/events', { body: triggerBody() })).status).toBe(404);
    expect((await signedRequest(server.port, 'GET', `/apps/${app.appId}/nothing-here`)).status).toBe(404);
  });
});

describe('limits', () => {
  it('refuses event data over 10 KB with 413, and takes exactly 10 KB', async () => {
    await expect(sdk.trigger('news', 'big', 'x'.repeat(10 * 1024 + 1))).rejects.toMatchObject({ status: 413 });
    expect((await sdk.trigger('news', 'big', 'x'.repeat(10 * 1024))).status).toBe(200);
    const batch = JSON.stringify({ batch: [{ channel: 'news', name: 'big', data: 'x'.repeat(10 * 1024 + 1) }] });
    expect((await signedRequest(server.port, 'POST', `/apps/${app.appId}/batch_events`, { body: batch })).status).toBe(413);
  });

  it('refuses a body over 256 KB with 413 before reading it', async () => {
    const huge = triggerBody({ data: 'x'.repeat(300 * 1024) });
    expect((await signedRequest(server.port, 'POST', events, { body: huge })).status).toBe(413);
  });

  it('refuses bad names and counts with 400: channel name, event name, 101 channels, 11 batch events, socket_id shape, non-string data', async () => {
    const refused = [
      triggerBody({ channels: ['has space'] }),
      triggerBody({ channels: ['x'.repeat(165)] }),
      triggerBody({ name: 'e'.repeat(201) }),
      triggerBody({ channels: Array.from({ length: 101 }, (_, i) => `c${i}`) }),
      triggerBody({ channels: [] }),
      triggerBody({ socket_id: 'abc' }),
      triggerBody({ data: { not: 'a string' } }),
      'not json',
    ];
    for (const body of refused) expect((await signedRequest(server.port, 'POST', events, { body })).status, body.slice(0, 80)).toBe(400);
    const eleven = JSON.stringify({ batch: Array.from({ length: 11 }, () => ({ channel: 'news', name: 'e', data: '{}' })) });
    expect((await signedRequest(server.port, 'POST', `/apps/${app.appId}/batch_events`, { body: eleven })).status).toBe(400);
    expect((await signedRequest(server.port, 'POST', events, { body: triggerBody({ channels: Array.from({ length: 100 }, (_, i) => `c${i}`) }) })).status).toBe(200);
  });
});
