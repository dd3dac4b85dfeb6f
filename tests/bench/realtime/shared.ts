/**
 * What the realtime benchmark's processes agree on: the app, the channel
 * layout, the clock, and the messages they exchange over IPC.
 */
export const benchApp = { appId: '7100', key: 'bench-key', secret: 'bench-secret' };

/** Ten tenant-like private channels; client c joins three of them, so every channel has 3/10 of the clients. */
export const channelCount = 10;
export const channelsPerClient = 3;
export const channelName = (index: number) => `private-tenant-bench-${index}`;
export function channelsOfClient(client: number): string[] {
  return [0, 3, 7].slice(0, channelsPerClient).map((step) => channelName((client + step) % channelCount));
}

/** The event every benchmark trigger sends; its payload carries the trigger time. */
export const eventName = 'document-status-changed';
export type BenchPayload = { t: number; seq: number; documentId: string; status: string; note: string };

/**
 * Milliseconds on a clock that all processes of this machine share
 * (timeOrigin is wall-clock based, now() monotonic from it), so a trigger
 * time taken in one process can be subtracted from a receive time in another.
 */
export const sharedNow = () => performance.timeOrigin + performance.now();

export type ServerKind = 'embedded' | 'baseline';

export type MemorySample = { rss: number; heapUsed: number; external: number; arrayBuffers: number };

/** Parent → server process. */
export type ServerRequest = { type: 'memory' } | { type: 'stats' } | { type: 'cpu' };
/** Server process → parent. */
export type ServerReply =
  | { type: 'listening'; port: number }
  | { type: 'memory'; memory: MemorySample }
  | { type: 'stats'; connections: number; deliveries: number }
  | { type: 'cpu'; microseconds: number };

/** Parent → client process. */
export type ClientRequest =
  | { type: 'connect'; port: number; first: number; count: number }
  | { type: 'start'; phase: string }
  | { type: 'finish' }
  | { type: 'disconnect' };
/** Client process → parent. */
export type ClientReply =
  | { type: 'ready'; subscriptions: number }
  | { type: 'progress'; total: number }
  | { type: 'finished'; received: number; latencies: number[]; cpuMicroseconds: number }
  | { type: 'disconnected' }
  | { type: 'failed'; reason: string };
