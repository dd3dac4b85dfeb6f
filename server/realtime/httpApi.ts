import type { IncomingMessage, ServerResponse } from 'node:http';
import { channelUsers, describeChannel, listChannels } from './channelInfo';
import type { RealtimeContext } from './context';
import { limits } from './names';
import { publish, validateEvent, type PublishedEvent } from './publish';
import { verifyRequestSignature } from './signatures';
import { terminateUserConnections } from './userSignin';

/** A full batch of 10 events of 10 KB each fits; anything larger is refused before it is buffered. */
const maxBodyBytes = 256 * 1024;

type Answer = { status: number; body: unknown };

/** The HTTP API the `pusher` Node SDK calls, under /apps/{appId}/; every request must be signed. */
export async function handleHttpApi(context: RealtimeContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = req.method ?? 'GET';
  const match = /^\/apps\/([^/]+)(\/.*)$/.exec(url.pathname);
  if (!match || match[1] !== context.settings.appId) return send(res, { status: 404, body: { error: 'Unknown app' } });
  const route = routeOf(method, match[2]!);
  if (!route) return send(res, { status: 404, body: { error: 'Not found' } });

  const body = await readBody(req, maxBodyBytes);
  if (body === 'too large') return send(res, { status: 413, body: { error: `Request body is larger than ${maxBodyBytes} bytes` } }, true);
  const signed = verifyRequestSignature(context.settings, { method, path: url.pathname, query: url.searchParams, body }, Math.floor(Date.now() / 1000));
  if (!signed.ok) return send(res, { status: signed.status, body: { error: signed.reason } });
  return send(res, route(context, url.searchParams, body));
}

type Route = (context: RealtimeContext, query: URLSearchParams, body: Buffer) => Answer;

function routeOf(method: string, path: string): Route | undefined {
  if (method === 'POST' && path === '/events') return triggerEvent;
  if (method === 'POST' && path === '/batch_events') return triggerBatch;
  if (method === 'GET' && path === '/channels') return (context, query) => listChannels(context, query);
  let m = /^\/channels\/([^/]+)$/.exec(path);
  if (method === 'GET' && m) return (context, query) => describeChannel(context, decode(m![1]!), query);
  m = /^\/channels\/([^/]+)\/users$/.exec(path);
  if (method === 'GET' && m) return (context) => channelUsers(context, decode(m![1]!));
  m = /^\/users\/([^/]+)\/terminate_connections$/.exec(path);
  if (method === 'POST' && m) return (context) => (terminateUserConnections(context, decode(m![1]!)), { status: 200, body: {} });
  return undefined;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function triggerEvent(context: RealtimeContext, _query: URLSearchParams, body: Buffer): Answer {
  const input = parseObject(body);
  if (!input) return { status: 400, body: { error: 'Body must be a JSON object' } };
  const event = validateEvent(input);
  if ('status' in event) return { status: event.status, body: { error: event.error } };
  publish(context, event);
  return { status: 200, body: {} };
}

/** All events of a batch are checked before any is sent: a batch is refused whole. */
function triggerBatch(context: RealtimeContext, _query: URLSearchParams, body: Buffer): Answer {
  const batch = parseObject(body)?.batch;
  if (!Array.isArray(batch)) return { status: 400, body: { error: 'Body must be {"batch":[…]}' } };
  if (batch.length > limits.eventsPerBatch) return { status: 400, body: { error: `at most ${limits.eventsPerBatch} events per batch` } };
  const events: PublishedEvent[] = [];
  for (const item of batch) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return { status: 400, body: { error: 'Each batch item must be an object' } };
    const { channels: _ignored, ...single } = item as Record<string, unknown>;
    void _ignored;
    const event = validateEvent(single);
    if ('status' in event) return { status: event.status, body: { error: event.error } };
    events.push(event);
  }
  for (const event of events) publish(context, event);
  return { status: 200, body: {} };
}

function parseObject(body: Buffer): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too large'> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) return resolve('too large');
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        resolve('too large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** `closeAfter`: the rest of an oversize body is not read, so the connection cannot be reused. */
function send(res: ServerResponse, answer: Answer, closeAfter = false): void {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (closeAfter) headers.connection = 'close';
  res.writeHead(answer.status, headers);
  res.end(JSON.stringify(answer.body));
}
