import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { encodeTextFrame } from '@/server/realtime/wireFrame';

// A real ws client reads the frames: it checks the header, the length forms and the UTF-8 as any browser would.
const http = createServer();
const wss = new WebSocketServer({ noServer: true });
let serverSocket: Promise<Duplex>;
let client: WebSocket;

beforeAll(async () => {
  serverSocket = new Promise((resolve) => http.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, () => resolve(socket))));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  client = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}`);
  await new Promise((resolve) => client.once('open', resolve));
});
afterAll(async () => {
  client.terminate();
  wss.close();
  http.closeAllConnections();
  await new Promise((resolve) => http.close(resolve));
});

it('frames text of every length form (7, 16 and 64 bits) and multibyte UTF-8 so that a WebSocket client reads it back unchanged', async () => {
  const texts = ['', 'x'.repeat(125), 'x'.repeat(126), 'ñ'.repeat(40_000), 'x'.repeat(65_535), 'x'.repeat(65_536), '{"event":"é","data":"😀"}'];
  const received: string[] = [];
  const all = new Promise<void>((resolve) =>
    client.on('message', (data, isBinary) => {
      expect(isBinary).toBe(false);
      received.push(data.toString());
      if (received.length === texts.length) resolve();
    }),
  );
  const socket = await serverSocket;
  for (const text of texts) socket.write(encodeTextFrame(text));
  await all;
  expect(received).toEqual(texts);
});
