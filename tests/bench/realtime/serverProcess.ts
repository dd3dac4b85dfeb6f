/**
 * A child process of the realtime benchmark that runs one server — the
 * embedded Pusher-compatible server, or the bare `ws` baseline — alone, so
 * that the CPU and memory it reports are the server's and nobody else's.
 * Started with --expose-gc: memory is sampled after a full collection.
 */
import { startRealtimeServer } from '@/server/realtime';
import { startBroadcastBaseline } from './broadcastBaseline';
import { benchApp, type ServerKind, type ServerReply, type ServerRequest } from './shared';

const kind = process.argv[2] as ServerKind;
const reply = (message: ServerReply) => process.send!(message);

const server = kind === 'embedded' ? await startRealtimeServer({ ...benchApp, port: 0, activityTimeout: 120 }) : await startBroadcastBaseline();

process.on('message', (request: ServerRequest) => {
  if (request.type === 'stats') return reply({ type: 'stats', ...server.stats() });
  if (request.type === 'cpu') {
    const { user, system } = process.cpuUsage();
    return reply({ type: 'cpu', microseconds: user + system });
  }
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  collect?.();
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  reply({ type: 'memory', memory: { rss, heapUsed, external, arrayBuffers } });
});
// The parent going away (normally or not) ends the server with it.
process.on('disconnect', () => process.exit(0));
reply({ type: 'listening', port: server.port });
