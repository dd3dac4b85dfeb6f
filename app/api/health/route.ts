import { observeRoute } from '@/server/observability';
import { runHealthChecks } from '@/server/observability/health';

export const dynamic = 'force-dynamic';

/**
 * GET /api/health — public, for load balancers and uptime checks: the
 * database (as the app's login), migrations applied, the job queue's schema,
 * and the realtime server (a signed API call). 200 when all pass, else 503
 * naming the failing checks. No secrets, hosts or user names in the answer.
 */
export const GET = observeRoute('/api/health', async () => {
  const report = await runHealthChecks();
  return Response.json(report, { status: report.status === 'ok' ? 200 : 503, headers: { 'cache-control': 'no-store' } });
});
