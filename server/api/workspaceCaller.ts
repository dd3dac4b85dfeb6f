import type { SessionUser } from '@/server/auth';
import type { Actor } from '@/server/events';
import { findMembership, type ApiTokenCaller, type TenantSummary } from '@/server/tenancy';

export type Credentials = { user: SessionUser | null; apiToken: ApiTokenCaller | null };
export type WorkspaceCaller = { tenant: TenantSummary; actor: Actor };

/**
 * The workspace named by `slug` as this caller may use it, or null — for a
 * workspace that does not exist and one the caller does not belong to alike,
 * so ids cannot be probed. A token speaks only for its own workspace.
 */
export async function workspaceCaller({ user, apiToken }: Credentials, slug: string | null): Promise<WorkspaceCaller | null> {
  if (apiToken) {
    if (apiToken.tenant.slug !== slug) return null;
    return { tenant: { ...apiToken.tenant, role: apiToken.role }, actor: { kind: 'apiToken', id: apiToken.tokenId } };
  }
  const membership = user && slug ? await findMembership(user.id, slug) : null;
  return membership ? { tenant: membership, actor: { kind: 'user', id: user!.id } } : null;
}
