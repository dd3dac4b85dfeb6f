import { and, asc, eq, like, or } from 'drizzle-orm';
import { withTenant, withUser, type Executor, type Transaction } from '@/server/db';
import { recordWorkspaceEvent, WorkspaceCreated } from './workspaceEvents';
import { memberships, tenants, type Role } from './schema';
import { firstFreeSlug, slugify } from './slug';

export type TenantSummary = { id: string; slug: string; name: string; role: Role };

/**
 * Creates a workspace with `ownerId` as its owner. Runs on the caller's
 * executor so sign-up can create the user and the workspace in one transaction.
 */
export async function createTenant(tx: Transaction, input: { name: string; ownerId: string; slug?: string }): Promise<TenantSummary> {
  const base = input.slug ?? slugify(input.name);
  const takenRows = await tx
    .select({ slug: tenants.slug })
    .from(tenants)
    .where(or(eq(tenants.slug, base), like(tenants.slug, `${base}-%`)));
  const slug = firstFreeSlug(base, new Set(takenRows.map((row) => row.slug)));
  const [tenant] = await tx.insert(tenants).values({ slug, name: input.name }).returning();
  await withTenant(
    tenant!.id,
    async (scoped) => {
      await scoped.insert(memberships).values({ tenantId: tenant!.id, userId: input.ownerId, role: 'owner' });
      const created = WorkspaceCreated.create({ name: tenant!.name, slug, ownerId: input.ownerId });
      await recordWorkspaceEvent(scoped, tenant!.id, created, { kind: 'user', id: input.ownerId });
    },
    tx,
  );
  return { id: tenant!.id, slug: tenant!.slug, name: tenant!.name, role: 'owner' };
}

/** The workspaces a user belongs to, oldest first (the first is their home). */
export async function listTenantsForUser(userId: string): Promise<TenantSummary[]> {
  return withUser(userId, (tx) => tx
    .select({ id: tenants.id, slug: tenants.slug, name: tenants.name, role: memberships.role })
    .from(memberships)
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt), asc(tenants.name)));
}

/** The user's membership of the workspace with this slug, or null when they have none (or it does not exist). */
export async function findMembership(userId: string, slug: string): Promise<TenantSummary | null> {
  const [row] = await withUser(userId, (tx) => tx
    .select({ id: tenants.id, slug: tenants.slug, name: tenants.name, role: memberships.role })
    .from(tenants)
    .innerJoin(memberships, and(eq(memberships.tenantId, tenants.id), eq(memberships.userId, userId)))
    .where(eq(tenants.slug, slug)));
  return row ?? null;
}

/** The workspace's slug (for links written outside a request, such as emails); '' when it no longer exists. */
export async function tenantSlug(tx: Executor, tenantId: string): Promise<string> {
  const [tenant] = await tx.select({ slug: tenants.slug }).from(tenants).where(eq(tenants.id, tenantId));
  return tenant?.slug ?? '';
}
