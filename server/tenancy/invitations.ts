import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { users } from '../auth/schema';
import { withSecretLookup, withTenant, type Transaction } from '@/server/db';
import type { Actor } from '@/server/events';
import { InvitationRevoked, MemberInvited, MemberJoined, recordWorkspaceEvent } from './workspaceEvents';
import { AppError } from '@/server/errors';
import { invitations, memberships, tenants, type Role } from './schema';
import { hashSecretToken, newSecretToken } from './secretToken';

export const invitationLifetimeMs = 7 * 24 * 60 * 60 * 1000;

/** Creates an invitation; the token (for the link) is returned this once. */
export async function createInvitation(
  tx: Transaction,
  input: { tenantId: string; email: string; role: Role; invitedBy: string; actorRole: Role },
): Promise<{ id: string; token: string; expiresAt: Date }> {
  if (input.role === 'owner' && input.actorRole !== 'owner') throw new AppError('forbidden', 'members.onlyOwnersManageOwners');
  const [existing] = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, input.tenantId), eq(users.email, input.email)));
  if (existing) throw new AppError('conflict', 'members.alreadyMember', { field: 'email' });
  await revokeEarlierInvitations(tx, input);
  const { token, hash } = newSecretToken('inv_');
  const expiresAt = new Date(Date.now() + invitationLifetimeMs);
  const [row] = await tx
    .insert(invitations)
    .values({ tenantId: input.tenantId, email: input.email, role: input.role, invitedBy: input.invitedBy, tokenHash: hash, expiresAt })
    .returning({ id: invitations.id });
  const invited = MemberInvited.create({ invitationId: row!.id, email: input.email, role: input.role });
  await recordWorkspaceEvent(tx, input.tenantId, invited, { kind: 'user', id: input.invitedBy });
  return { id: row!.id, token, expiresAt };
}

/**
 * Inviting someone again replaces their pending invitation: its link stops
 * working, so one person never holds two valid links (perhaps with two
 * roles). Expired ones need no revoking. The lock keeps two invitations of
 * the same person at once apart.
 */
async function revokeEarlierInvitations(tx: Transaction, input: { tenantId: string; email: string; invitedBy: string }): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`invitation:${input.tenantId}:${input.email}`}, 0))`);
  const pending = await tx
    .select({ id: invitations.id })
    .from(invitations)
    .where(and(eq(invitations.tenantId, input.tenantId), eq(invitations.email, input.email), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, new Date())));
  for (const { id } of pending) await revokeInvitation(tx, input.tenantId, id, { kind: 'user', id: input.invitedBy });
}

export function listPendingInvitations(tx: Transaction, tenantId: string) {
  return tx
    .select({ id: invitations.id, email: invitations.email, role: invitations.role, expiresAt: invitations.expiresAt, createdAt: invitations.createdAt })
    .from(invitations)
    .where(and(eq(invitations.tenantId, tenantId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, new Date())))
    .orderBy(desc(invitations.createdAt));
}

export async function revokeInvitation(tx: Transaction, tenantId: string, invitationId: string, actor: Actor): Promise<void> {
  const rows = await tx
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(and(eq(invitations.id, invitationId), eq(invitations.tenantId, tenantId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .returning({ id: invitations.id });
  if (rows.length === 0) throw new AppError('not_found', 'members.invitationNotFound');
  await recordWorkspaceEvent(tx, tenantId, InvitationRevoked.create({ invitationId }), actor);
}

/** What the invitation page shows before accepting; null when the link is not valid (any reason). */
export async function describeInvitation(token: string) {
  const hash = hashSecretToken(token);
  const [row] = await withSecretLookup(hash, (tx) => tx
    .select({ email: invitations.email, role: invitations.role, workspace: tenants.name, slug: tenants.slug })
    .from(invitations)
    .innerJoin(tenants, eq(tenants.id, invitations.tenantId))
    .where(and(eq(invitations.tokenHash, hash), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, new Date()))));
  return row ?? null;
}

/**
 * Accepts an invitation for the signed-in user whose email it names. The row
 * is locked, so a link works once even when opened twice at the same moment.
 */
export function acceptInvitation(input: { token: string; userId: string; email: string }): Promise<{ tenantId: string; slug: string; role: Role }> {
  const hash = hashSecretToken(input.token);
  return withSecretLookup(hash, async (tx) => {
    const { rows } = await tx.execute<{ id: string; tenant_id: string; email: string; role: Role; slug: string; expired: boolean; used: boolean }>(sql`
      select i.id, i.tenant_id, i.email, i.role, t.slug,
             i.expires_at <= now() as expired, (i.accepted_at is not null or i.revoked_at is not null) as used
      from invitations i join tenants t on t.id = i.tenant_id
      where i.token_hash = ${hash}
      for update of i`);
    const invitation = rows[0];
    if (!invitation || invitation.used) throw new AppError('not_found', 'members.invitationInvalid');
    if (invitation.expired) throw new AppError('conflict', 'members.invitationExpired');
    if (invitation.email !== input.email) throw new AppError('forbidden', 'members.invitationOtherEmail', { params: { email: invitation.email } });
    await tx.update(invitations).set({ acceptedAt: new Date(), acceptedBy: input.userId }).where(eq(invitations.id, invitation.id));
    await withTenant(
      invitation.tenant_id,
      async (scoped) => {
        const joined = await scoped
          .insert(memberships)
          .values({ tenantId: invitation.tenant_id, userId: input.userId, role: invitation.role })
          .onConflictDoNothing()
          .returning({ userId: memberships.userId });
        if (joined.length === 0) return; // already a member: the invitation is used up, nothing else changes
        const event = MemberJoined.create({ userId: input.userId, role: invitation.role, invitationId: invitation.id });
        await recordWorkspaceEvent(scoped, invitation.tenant_id, event, { kind: 'user', id: input.userId });
      },
      tx,
    );
    return { tenantId: invitation.tenant_id, slug: invitation.slug, role: invitation.role };
  });
}
