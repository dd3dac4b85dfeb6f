import type Pusher from 'pusher-js';
import type { PresenceChannel } from 'pusher-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealtimeServer, type RealtimeServer } from '@/server/realtime';
import { app, connected, disconnect, nextEvent, pusherJs, pusherSdk, RawClient, startAuthEndpoint } from './support';

let server: RealtimeServer;
let sdk: ReturnType<typeof pusherSdk>;
let auth: Awaited<ReturnType<typeof startAuthEndpoint>>;
let wrongAuth: Awaited<ReturnType<typeof startAuthEndpoint>>;
const clients: Pusher[] = [];
beforeAll(async () => {
  server = await startRealtimeServer({ ...app, port: 0 });
  sdk = pusherSdk(server.port);
  auth = await startAuthEndpoint();
  wrongAuth = await startAuthEndpoint('not-the-secret');
});
afterAll(async () => {
  await Promise.all(clients.map(disconnect));
  await server.close();
  await Promise.all([auth.close(), wrongAuth.close()]);
});

function client(endpoint: string, user?: string): Pusher {
  const pusher = pusherJs(server.port, { channelAuthorization: { endpoint, transport: 'ajax', params: user ? { user } : {} } });
  clients.push(pusher);
  return pusher;
}

async function rawSubscribe(channel: string, sign: (socketId: string) => { auth: string; channel_data?: string }) {
  const { client: raw, socketId } = await RawClient.connect(server.port);
  raw.send({ event: 'pusher:subscribe', data: { channel, ...sign(socketId) } });
  return { raw, socketId };
}

describe('private channels', () => {
  it('pusher-js joins with a signature from authorizeChannel and receives events', async () => {
    const pusher = client(auth.url);
    const channel = pusher.subscribe('private-orders');
    await nextEvent(channel, 'pusher:subscription_succeeded');
    const received = nextEvent(channel, 'created');
    await sdk.trigger('private-orders', 'created', { id: 1 });
    expect(await received).toEqual({ id: 1 });
  });

  it('refuses a signature made with another secret: subscription_error AuthError 401, and no events', async () => {
    const pusher = client(wrongAuth.url);
    const channel = pusher.subscribe('private-secret');
    expect(await nextEvent(channel, 'pusher:subscription_error')).toMatchObject({ type: 'AuthError', status: 401 });
    expect(channel.subscribed).toBe(false);
    expect(await (await sdk.get({ path: '/channels/private-secret' })).json()).toEqual({ occupied: false });
  });

  it('refuses a signature made for another socket or another channel, and a missing one', async () => {
    const other = await RawClient.connect(server.port);
    const forOtherSocket = await rawSubscribe('private-a', () => sdk.authorizeChannel(other.socketId, 'private-a'));
    expect((await forOtherSocket.raw.next('pusher:subscription_error', 'private-a')).data).toMatchObject({ type: 'AuthError', status: 401 });
    const forOtherChannel = await rawSubscribe('private-a', (socketId) => sdk.authorizeChannel(socketId, 'private-b'));
    expect((await forOtherChannel.raw.next('pusher:subscription_error', 'private-a')).data).toMatchObject({ status: 401 });
    const unsigned = await rawSubscribe('private-a', () => ({ auth: '' }));
    expect((await unsigned.raw.next('pusher:subscription_error', 'private-a')).data).toMatchObject({ status: 401 });
    const wrongKey = await rawSubscribe('private-a', (socketId) => ({ auth: sdk.authorizeChannel(socketId, 'private-a').auth.replace(app.key, 'other-key') }));
    expect((await wrongKey.raw.next('pusher:subscription_error', 'private-a')).data).toMatchObject({ status: 401 });
    await Promise.all([other.client, forOtherSocket.raw, forOtherChannel.raw, unsigned.raw, wrongKey.raw].map((c) => c.close()));
  });

  it('tests the kind at the start of the name: "public-private-x" is public, "private-encrypted-x" needs a signature', async () => {
    const publicOne = await rawSubscribe('public-private-x', () => ({ auth: '' }));
    await publicOne.raw.next('pusher_internal:subscription_succeeded', 'public-private-x');
    const unsigned = await rawSubscribe('private-encrypted-x', () => ({ auth: '' }));
    expect((await unsigned.raw.next('pusher:subscription_error', 'private-encrypted-x')).data).toMatchObject({ status: 401 });
    const signed = await rawSubscribe('private-encrypted-x', (socketId) => ({ auth: sdk.authorizeChannel(socketId, 'private-a').auth }));
    expect((await signed.raw.next('pusher:subscription_error', 'private-encrypted-x')).data).toMatchObject({ status: 401 });
    // authorizeChannel wants an encryption master key for these; the server checks only the HMAC.
    const { createHmac } = await import('node:crypto');
    const good = await rawSubscribe('private-encrypted-x', (socketId) => ({
      auth: `${app.key}:${createHmac('sha256', app.secret).update(`${socketId}:private-encrypted-x`).digest('hex')}`,
    }));
    await good.raw.next('pusher_internal:subscription_succeeded', 'private-encrypted-x');
    await Promise.all([publicOne.raw, unsigned.raw, signed.raw, good.raw].map((c) => c.close()));
  });
});

describe('presence channels', () => {
  it('pusher-js members see each other: subscription_succeeded lists members, member_added and member_removed reach the others', async () => {
    const alice = client(auth.url, 'alice');
    const aliceChannel = alice.subscribe('presence-room') as PresenceChannel;
    await nextEvent(aliceChannel, 'pusher:subscription_succeeded');
    expect(aliceChannel.members.count).toBe(1);
    expect(aliceChannel.members.me).toMatchObject({ id: 'alice', info: { name: 'User alice' } });

    const added = nextEvent<{ id: string; info: unknown }>(aliceChannel, 'pusher:member_added');
    const bob = client(auth.url, 'bob');
    const bobChannel = bob.subscribe('presence-room') as PresenceChannel;
    await nextEvent(bobChannel, 'pusher:subscription_succeeded');
    expect(bobChannel.members.count).toBe(2);
    expect(bobChannel.members.get('alice')).toEqual({ id: 'alice', info: { name: 'User alice' } });
    expect(await added).toEqual({ id: 'bob', info: { name: 'User bob' } });

    const users = await sdk.get({ path: '/channels/presence-room/users' });
    expect(((await users.json()) as { users: { id: string }[] }).users.map((u) => u.id).sort()).toEqual(['alice', 'bob']);
    const info = await sdk.get({ path: '/channels/presence-room', params: { info: 'user_count,subscription_count' } });
    expect(await info.json()).toEqual({ occupied: true, user_count: 2, subscription_count: 2 });

    const removed = nextEvent<{ id: string }>(aliceChannel, 'pusher:member_removed');
    await disconnect(bob);
    expect(await removed).toMatchObject({ id: 'bob' });
    expect(aliceChannel.members.count).toBe(1);
  });

  it('counts members by user_id: a second socket of the same user adds no member, only the last one leaving removes it', async () => {
    const sign = (userId: string) => (socketId: string) => sdk.authorizeChannel(socketId, 'presence-team', { user_id: userId, user_info: { n: userId } });
    const watcher = await rawSubscribe('presence-team', sign('watcher'));
    await watcher.raw.next('pusher_internal:subscription_succeeded', 'presence-team');

    const first = await rawSubscribe('presence-team', sign('carol'));
    const succeeded = await first.raw.next('pusher_internal:subscription_succeeded', 'presence-team');
    expect(JSON.parse(succeeded.data as string)).toEqual({
      presence: { ids: ['watcher', 'carol'], hash: { watcher: { n: 'watcher' }, carol: { n: 'carol' } }, count: 2 },
    });
    expect(JSON.parse((await watcher.raw.next('pusher_internal:member_added', 'presence-team')).data as string)).toEqual({ user_id: 'carol', user_info: { n: 'carol' } });
    expect(first.raw.frames).toEqual([]);

    const second = await rawSubscribe('presence-team', sign('carol'));
    expect(JSON.parse((await second.raw.next('pusher_internal:subscription_succeeded', 'presence-team')).data as string).presence.count).toBe(2);
    await first.raw.close();
    // Ordering on the watcher's socket: if carol's first socket had caused a member event, it would come before this one.
    await sdk.trigger('presence-team', 'marker', {});
    await watcher.raw.next('marker', 'presence-team');
    expect(watcher.raw.frames).toEqual([]);

    await second.raw.close();
    expect(JSON.parse((await watcher.raw.next('pusher_internal:member_removed', 'presence-team')).data as string)).toEqual({ user_id: 'carol' });
    await watcher.raw.close();
  });

  it('refuses channel_data other than the one signed, and a presence subscription without channel_data', async () => {
    const tampered = await rawSubscribe('presence-vip', (socketId) => {
      const signed = sdk.authorizeChannel(socketId, 'presence-vip', { user_id: 'guest' });
      return { auth: signed.auth, channel_data: JSON.stringify({ user_id: 'admin' }) };
    });
    expect((await tampered.raw.next('pusher:subscription_error', 'presence-vip')).data).toMatchObject({ type: 'AuthError', status: 401 });
    const withoutData = await rawSubscribe('presence-vip', (socketId) => ({ auth: sdk.authorizeChannel(socketId, 'presence-vip', { user_id: 'guest' }).auth }));
    expect((await withoutData.raw.next('pusher:subscription_error', 'presence-vip')).data).toMatchObject({ status: 401 });
    await Promise.all([tampered.raw.close(), withoutData.raw.close()]);
  });

  it('refuses pusher-js when the auth endpoint signs with the wrong secret', async () => {
    const mallory = client(wrongAuth.url, 'mallory');
    await connected(mallory);
    const channel = mallory.subscribe('presence-room2');
    expect(await nextEvent(channel, 'pusher:subscription_error')).toMatchObject({ type: 'AuthError', status: 401 });
  });
});
