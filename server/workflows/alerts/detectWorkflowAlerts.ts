import { detectFailingSteps } from './failingSteps';
import { detectSlowSteps } from './slowSteps';

/**
 * One pass of alert detection over a workspace's log. Safe to run as often
 * as wanted and from several workers at once: every alert is an event whose
 * append is idempotent (slow) or expects a version (failing), so each is
 * raised, and its admins told, once.
 */
export async function detectWorkflowAlerts(tenantId: string): Promise<{ slow: number; failing: number }> {
  return { slow: await detectSlowSteps(tenantId), failing: await detectFailingSteps(tenantId) };
}
