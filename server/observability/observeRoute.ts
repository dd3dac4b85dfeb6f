import { performance } from 'node:perf_hooks';
import { logger } from './logger';
import { withLogContext } from './logContext';
import { metrics } from './metrics/registry';
import { requestIdHeader, requestIdOf } from './requestId';

type RouteHandler<Args extends unknown[]> = (request: Request, ...args: Args) => Promise<Response>;

/**
 * Wraps a route handler: the request gets an id (the caller's `x-request-id`
 * when it looks like one, else a new one) that every log line and every event
 * appended while it runs carries, and that the response returns; its
 * duration goes to `tramite_http_request_duration_seconds`, and one log line
 * records it. `route` is the handler's path pattern, never the URL, so the
 * metric's labels stay few.
 */
export function observeRoute<Args extends unknown[]>(route: string, handler: RouteHandler<Args>): RouteHandler<Args> {
  return (request, ...args) => {
    const requestId = requestIdOf(request.headers);
    return withLogContext({ requestId }, async () => {
      const started = performance.now();
      let status = 500;
      let threw = true;
      try {
        const response = await handler(request, ...args);
        status = response.status;
        threw = false;
        return withRequestId(response, requestId);
      } finally {
        const seconds = (performance.now() - started) / 1000;
        metrics().httpRequestDuration.observe({ method: request.method, route, status: String(status) }, seconds);
        const line = { method: request.method, route, status, ms: Math.round(seconds * 1000) };
        // A handler that threw is a bug; one that answered 5xx (health's 503) said so on purpose.
        if (threw) logger.error(line, 'request failed');
        else if (status >= 500) logger.warn(line, 'request answered with an error');
        else logger.info(line, 'request');
      }
    });
  };
}

function withRequestId(response: Response, requestId: string): Response {
  try {
    response.headers.set(requestIdHeader, requestId);
    return response;
  } catch {
    // A response whose headers are immutable (one passed through from fetch) is copied.
    const headers = new Headers(response.headers);
    headers.set(requestIdHeader, requestId);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}
