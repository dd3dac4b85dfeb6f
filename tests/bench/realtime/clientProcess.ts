/**
 * A child process of the realtime benchmark holding a share of the pusher-js
 * clients (the Node build, as an app's Node consumer would use it). Each
 * client joins its private channels, authorized by the SDK's authorizeChannel
 * in-process (the app's auth endpoint without the HTTP round trip), and
 * counts every benchmark event it receives, with its trigger→receive latency
 * taken from the payload.
 */
import PusherServer from 'pusher';
import type Pusher from 'pusher-js';
import { localPusher } from '@/tests/support/localPusher';
import { benchApp, channelsOfClient, eventName, sharedNow, type BenchPayload, type ClientReply, type ClientRequest } from './shared';

const reply = (message: ClientReply) => process.send!(message);
/** Clients opened at once; the rest wait, so the connect storm stays inside the server's listen backlog. */
const wave = 50;
const progressEveryMs = 20;

const signer = new PusherServer({ ...benchApp, host: '127.0.0.1' });
const clients: Pusher[] = [];
/** Every benchmark event received since the process started, and those of the phase being recorded. */
let total = 0;
let received = 0;
let latencies: number[] = [];
let recording = false;
let cpuAtStart = 0;
const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};
let reported = -1;

function onEvent(payload: BenchPayload): void {
  total += 1;
  if (!recording) return;
  received += 1;
  latencies.push(sharedNow() - payload.t);
}

/** Resolves once the client is connected and every one of its channels confirmed the subscription. */
function openClient(port: number, index: number): Promise<Pusher> {
  const client = localPusher(benchApp.key, port, {
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) => callback(null, signer.authorizeChannel(socketId, channelName)),
    },
  });
  const subscribed = channelsOfClient(index).map(
    (name) =>
      new Promise<void>((resolve, reject) => {
        const channel = client.subscribe(name);
        channel.bind(eventName, onEvent);
        channel.bind('pusher:subscription_succeeded', () => resolve());
        channel.bind('pusher:subscription_error', (error: unknown) => reject(new Error(`${name}: ${JSON.stringify(error)}`)));
      }),
  );
  return Promise.all(subscribed).then(() => client);
}

async function connectAll(port: number, first: number, count: number): Promise<void> {
  for (let start = 0; start < count; start += wave) {
    const opened = Array.from({ length: Math.min(wave, count - start) }, (_, i) => openClient(port, first + start + i));
    clients.push(...(await Promise.all(opened)));
  }
  reply({ type: 'ready', subscriptions: clients.length * channelsOfClient(0).length });
}

setInterval(() => {
  if (total === reported) return;
  reported = total;
  reply({ type: 'progress', total });
}, progressEveryMs).unref();

process.on('message', (request: ClientRequest) => {
  switch (request.type) {
    case 'connect':
      return void connectAll(request.port, request.first, request.count).catch((error: Error) => reply({ type: 'failed', reason: error.message }));
    case 'start':
      received = 0;
      latencies = [];
      recording = true;
      cpuAtStart = cpuNow();
      return;
    case 'finish':
      recording = false;
      return reply({ type: 'finished', received, latencies, cpuMicroseconds: cpuNow() - cpuAtStart });
    case 'disconnect':
      clients.forEach((client) => client.disconnect());
      reply({ type: 'disconnected' });
      return process.disconnect();
  }
});
process.on('disconnect', () => process.exit(0));
