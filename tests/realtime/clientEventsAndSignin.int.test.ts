import type Pusher from 'pusher-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealtimeServer, type RealtimeServer } from '@/server/realtime';
import { app, disconnect, nextEvent, pusherJs, pusherSdk, RawClient, startAuthEndpoint } from './support';

let server: RealtimeServer;
let disabled: RealtimeServer;
let sdk: ReturnType<typeof pusherSdk>;
let auth: Awaited<ReturnType<typeof startAuthEndpoint>>;
let wrongAuth: Awaited<ReturnType<typeof startAuthEndpoint>>;
const clients: Pusher[] = [];
beforeAll(async () => {
  server = await startRealtimeServer({ ...app, port: 0, enableClientEvents: true, clientEventsPerSecond: 5 });
  disabled = await startRealtimeServer({ ...app, port: 0 });
  sdk = pusherSdk(server.port);
  auth = await startAuthEndpoint();
  wrongAuth = await startAuthEndpoint('not-the-secret');
});
afterAll(async () => {
  await Promise.all(clients.map(disconnect));
  await Promise.all([server.close(), disabled.close(), auth.close(), wrongAuth.close()]);
});

function client(user: string, endpoints = auth): Pusher {
  const pusher = pusherJs(server.port, {
    channelAuthorization: { endpoint: endpoints.url, transport: 'ajax', params: { user } },
    userAuthentication: { endpoint: endpoints.userUrl, transport: 'ajax', params: { user } },
  });
  clients.push(pusher);
  return pusher;
}

async function joined(port: number, channel: string, userId = 'u') {
  const { client: raw, socketId } = await RawClient.connect(port);
  const signed = channel.startsWith('presence-') ? sdk.authorizeChannel(socketId, channel, { user_id: userId }) : channel.startsWith('private-') ? sdk.authorizeChannel(socketId, channel) : { auth: '' };
  raw.send({ event: 'pusher:subscribe', data: { channel, ...signed } });
  await raw.next('pusher_internal:subscription_succeeded', channel);
  return { raw, socketId };
}

describe('client events', () => {
  it('pusher-js client events on a private channel reach the other subscribers and are not echoed to the sender', async () => {
    const [alice, bob] = [client('alice'), client('bob')];
    const [aliceChannel, bobChannel] = [alice.subscribe('private-chat'), bob.subscribe('private-chat')];
    await Promise.all([nextEvent(aliceChannel, 'pusher:subscription_succeeded'), nextEvent(bobChannel, 'pusher:subscription_succeeded')]);
    const bobGot = nextEvent(bobChannel, 'client-typing');
    const aliceGot = nextEvent(aliceChannel, 'client-typing');
    aliceChannel.trigger('client-typing', { who: 'alice' });
    expect(await bobGot).toEqual({ who: 'alice' });
    // Frames on one socket arrive in order: had alice's event been echoed, it would come before bob's.
    bobChannel.trigger('client-typing', { who: 'bob' });
    expect(await aliceGot).toEqual({ who: 'bob' });
  });

  it('on presence channels the relayed event carries the sender user_id', async () => {
    const sender = await joined(server.port, 'presence-desk', 'sender-1');
    const receiver = await joined(server.port, 'presence-desk', 'receiver-1');
    sender.raw.send({ event: 'client-wave', channel: 'presence-desk', data: { hi: true } });
    expect(await receiver.raw.next('client-wave', 'presence-desk')).toEqual({ event: 'client-wave', channel: 'presence-desk', data: { hi: true }, user_id: 'sender-1' });
    await Promise.all([sender.raw.close(), receiver.raw.close()]);
  });

  it('are refused with pusher:error on public and encrypted channels, on channels not joined, and when the app has them off', async () => {
    const onPublic = await joined(server.port, 'lobby');
    const listener = await joined(server.port, 'lobby');
    onPublic.raw.send({ event: 'client-spoof', channel: 'lobby', data: {} });
    await onPublic.raw.next('pusher:error');
    const notJoined = await joined(server.port, 'private-elsewhere');
    notJoined.raw.send({ event: 'client-spoof', channel: 'private-room-not-joined', data: {} });
    await notJoined.raw.next('pusher:error');
    notJoined.raw.send({ event: 'client-spoof', channel: 'private-encrypted-x', data: {} });
    await notJoined.raw.next('pusher:error');
    const off = await joined(disabled.port, 'private-quiet');
    off.raw.send({ event: 'client-spoof', channel: 'private-quiet', data: {} });
    await off.raw.next('pusher:error');
    await sdk.trigger('lobby', 'marker', {});
    await listener.raw.next('marker', 'lobby');
    expect(listener.raw.frames).toEqual([]);
    await Promise.all([onPublic.raw, listener.raw, notJoined.raw, off.raw].map((c) => c.close()));
  });

  it('a socket sending more client events per second than allowed is closed with 4301', async () => {
    const flooder = await joined(server.port, 'private-flood');
    for (let i = 0; i < 6; i++) flooder.raw.send({ event: 'client-spam', channel: 'private-flood', data: { i } });
    expect((await flooder.raw.next('pusher:error')).data).toMatchObject({ code: 4301 });
    expect((await flooder.raw.closed).code).toBe(4301);
  });
});

describe('user sign-in and sendToUser', () => {
  it('pusher-js signs in through userAuthentication, and sendToUser reaches every socket of that user and no one else', async () => {
    const [aliceOne, aliceTwo, bob] = [client('alice'), client('alice'), client('bob')];
    for (const c of [aliceOne, aliceTwo, bob]) c.signin();
    await Promise.all([aliceOne, aliceTwo, bob].map((c) => c.user.signinDonePromise));
    const received = Promise.all([aliceOne, aliceTwo].map((c) => nextEvent(c.user, 'notice')));
    const bobGot = nextEvent(bob.user, 'notice');
    await sdk.sendToUser('alice', 'notice', { text: 'for alice' });
    expect(await received).toEqual([{ text: 'for alice' }, { text: 'for alice' }]);
    await sdk.sendToUser('bob', 'notice', { text: 'for bob' });
    expect(await bobGot).toEqual({ text: 'for bob' });
  });

  it('a sign-in signed with the wrong secret is refused with 4009', async () => {
    const { client: raw, socketId } = await RawClient.connect(server.port);
    const forged = pusherSdk(server.port, { ...app, secret: 'not-the-secret' }).authenticateUser(socketId, { id: 'mallory' });
    raw.send({ event: 'pusher:signin', data: forged });
    expect((await raw.next('pusher:error')).data).toMatchObject({ code: 4009 });
    expect((await raw.closed).code).toBe(4009);
  });

  it("a socket may join only its own user's #server-to-user- channel", async () => {
    const { client: raw, socketId } = await RawClient.connect(server.port);
    raw.send({ event: 'pusher:subscribe', data: { channel: '#server-to-user-carol', auth: '' } });
    expect((await raw.next('pusher:subscription_error')).data).toMatchObject({ status: 403 });
    raw.send({ event: 'pusher:signin', data: sdk.authenticateUser(socketId, { id: 'dave' }) });
    expect(JSON.parse((await raw.next('pusher:signin_success')).data as string)).toEqual({ user_data: JSON.stringify({ id: 'dave' }) });
    raw.send({ event: 'pusher:subscribe', data: { channel: '#server-to-user-carol', auth: '' } });
    expect((await raw.next('pusher:subscription_error')).data).toMatchObject({ status: 403 });
    raw.send({ event: 'pusher:subscribe', data: { channel: '#server-to-user-dave', auth: '' } });
    await raw.next('pusher_internal:subscription_succeeded', '#server-to-user-dave');
    await raw.close();
  });

  it('terminateUserConnections closes every signed-in socket of that user with 4009', async () => {
    const sockets = await Promise.all([RawClient.connect(server.port), RawClient.connect(server.port)]);
    for (const { client: raw, socketId } of sockets) {
      raw.send({ event: 'pusher:signin', data: sdk.authenticateUser(socketId, { id: 'erin' }) });
      await raw.next('pusher:signin_success');
    }
    await sdk.terminateUserConnections('erin');
    for (const { client: raw } of sockets) expect((await raw.closed).code).toBe(4009);
  });
});
