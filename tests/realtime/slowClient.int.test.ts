import type Pusher from 'pusher-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@/server/observability';
import { startRealtimeServer, type RealtimeServer } from '@/server/realtime';
import { app, disconnect, pusherSdk, RawClient, subscribedClient, type Frame } from './support';

/**
 * A client that stops reading (its socket paused, as a frozen tab or a dead
 * network path leaves it) while the official SDK keeps publishing to its
 * channel. A small cap, so a few hundred kilobytes cross it (the kernel's
 * socket buffers take some megabytes first, which the loop below pushes
 * through), yet above one batch (80 KB): a batch's frames to one socket are
 * all buffered before any leaves (tickWrites.ts), the reading client's too.
 */
const maxBufferedBytes = 256 * 1024;
const pad = 'x'.repeat(8_000);
/** One event's frame at most: the padding, the JSON around it, the 4-byte frame header. */
const oneFrame = pad.length + 200;
/** Far more than loopback's socket buffers hold; reaching it means the server never closed the client. */
const maxBatches = 1_000;

function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  // The integration project runs with LOG_LEVEL=error; the line under test is a warning.
  logger.level = 'warn';
  return { logger, lines };
}

/** A raw client on `channel` whose socket then stops reading. */
async function stuckClient(port: number, channel: string): Promise<{ client: RawClient; socketId: string }> {
  const { client, socketId } = await RawClient.connect(port);
  client.send({ event: 'pusher:subscribe', data: { channel } });
  await client.next('pusher_internal:subscription_succeeded', channel);
  client.ws.pause();
  return { client, socketId };
}

/**
 * Batches of ten events, numbered from `first`, until the server counts a
 * slow-client disconnect; after each batch's answer (the server has written
 * it), the most bytes any one socket has waiting is sampled.
 */
async function publishUntilDisconnect(server: RealtimeServer, channel: string, first = 0): Promise<{ published: number; largestBuffered: number }> {
  const sdk = pusherSdk(server.port);
  let published = first;
  let largestBuffered = 0;
  for (let batch = 0; server.stats().slowClientDisconnects === 0; batch++) {
    if (batch === maxBatches) throw new Error(`no slow-client disconnect after ${published} events; ${largestBuffered} bytes buffered for one socket`);
    await sdk.triggerBatch(Array.from({ length: 10 }, () => ({ channel, name: 'tick', data: { n: published++, pad } })));
    largestBuffered = Math.max(largestBuffered, server.stats().largestBufferedBytes);
  }
  return { published, largestBuffered };
}

const ticksOf = (frames: Frame[]) => frames.filter((f) => f.event === 'tick').map((f) => (JSON.parse(f.data as string) as { n: number }).n);

describe('a client that stops reading', () => {
  let server: RealtimeServer;
  const log = capturedLogger();
  const clients: Pusher[] = [];
  beforeAll(async () => {
    server = await startRealtimeServer({ ...app, port: 0, maxBufferedBytes, logger: log.logger });
  });
  afterAll(async () => {
    await Promise.all(clients.map(disconnect));
    await server.close();
  });

  it('is closed with 4100 once a frame would leave more than maxBufferedBytes unsent, while the other subscribers get every event', async () => {
    const reader = await subscribedClient(server.port, 'busy', clients);
    const received: number[] = [];
    let expected = Infinity;
    let allReceived!: () => void;
    const everyEvent = new Promise<void>((resolve) => (allReceived = resolve));
    reader.channel.bind('tick', (data: { n: number }) => {
      received.push(data.n);
      if (received.length === expected) allReceived();
    });
    const stuck = await stuckClient(server.port, 'busy');

    const { published, largestBuffered } = await publishUntilDisconnect(server, 'busy');
    expect(largestBuffered).toBeGreaterThan(maxBufferedBytes - oneFrame);
    expect(largestBuffered).toBeLessThanOrEqual(maxBufferedBytes + oneFrame);

    // Decided once: later events are not queued for it, nor counted again.
    const sdk = pusherSdk(server.port);
    for (let n = published; n < published + 30; n += 10) {
      await sdk.triggerBatch(Array.from({ length: 10 }, (_, i) => ({ channel: 'busy', name: 'tick', data: { n: n + i, pad } })));
    }
    expect(server.stats().largestBufferedBytes).toBeLessThanOrEqual(largestBuffered);
    expect(server.stats().slowClientDisconnects).toBe(1);

    expected = published + 30;
    if (received.length === expected) allReceived();
    await everyEvent;
    expect(received).toEqual(Array.from({ length: expected }, (_, n) => n));

    // Reading again, it finds the events up to where the server stopped, in order and without a gap, then the reason.
    stuck.client.ws.resume();
    const closed = await stuck.client.closed;
    expect(closed).toEqual({ code: 4100, reason: `Client is not reading: over ${maxBufferedBytes} bytes waiting to be sent` });
    expect((await stuck.client.next('pusher:error')).data).toMatchObject({ code: 4100 });
    const ticks = ticksOf(stuck.client.frames);
    expect(ticks.length).toBeLessThan(published);
    expect(ticks).toEqual(Array.from({ length: ticks.length }, (_, n) => n));

    await expect.poll(() => server.stats().connections).toBe(1);
    expect(server.stats().slowClientDisconnects).toBe(1);
    const warnings = log.lines.filter((line) => line.socketId === stuck.socketId);
    expect(warnings).toEqual([expect.objectContaining({ level: 40, msg: 'realtime client is not reading: closed with 4100', maxBufferedBytes })]);
    expect(warnings[0]!.bufferedBytes as number).toBeLessThanOrEqual(maxBufferedBytes);
  });
});

describe('a client that never reads again', () => {
  let server: RealtimeServer;
  beforeAll(async () => {
    server = await startRealtimeServer({ ...app, port: 0, maxBufferedBytes, closeTimeoutMs: 2_000, logger: capturedLogger().logger });
  });
  afterAll(async () => {
    await server.close();
  });

  it('loses its socket closeTimeoutMs after the close, since it cannot answer the close frame', async () => {
    const stuck = await stuckClient(server.port, 'frozen');
    await publishUntilDisconnect(server, 'frozen');
    expect(server.stats().connections).toBe(1);

    // Still paused: only the server destroying the socket ends the connection.
    await expect.poll(() => server.stats(), { timeout: 10_000 }).toMatchObject({ connections: 0, bufferedBytes: 0 });
    stuck.client.ws.resume();
    // The close frame was still in the server's buffer when the socket was destroyed.
    expect((await stuck.client.closed).code).toBe(1006);
  });
});
