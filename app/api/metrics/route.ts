import { getConfig } from '@/server/config';
import { documentWorkflow } from '@/server/documents';
import { observeRoute } from '@/server/observability';
import { bearerMatches, collectMetrics } from '@/server/observability/metrics';

export const dynamic = 'force-dynamic';

/**
 * GET /api/metrics — Prometheus text format, for a scraper holding
 * METRICS_TOKEN (`Authorization: Bearer …`). Without METRICS_TOKEN the
 * endpoint does not exist (404); a wrong or missing token gets 401.
 */
export const GET = observeRoute('/api/metrics', async (request: Request) => {
  const token = getConfig().METRICS_TOKEN;
  if (!token) return new Response('Not found\n', { status: 404 });
  if (!bearerMatches(request, token)) {
    return new Response('Unauthorized\n', { status: 401, headers: { 'www-authenticate': 'Bearer realm="metrics"' } });
  }
  const { contentType, body } = await collectMetrics([documentWorkflow]);
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
});
