import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { users } from '../auth/schema';
import type { Executor, Transaction } from '@/server/db';
import { AppError } from '@/server/errors';
import type { Actor } from '@/server/events';
import { isOnlyOwner } from './isOnlyOwner';
import { MemberRemoved, MemberRoleChanged, recordWorkspaceEvent } from './workspaceEvents';
import { memberships, type Role } from './schema';

export function listMembers(tx: Executor, tenantId: string) {
  return tx
    .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role, joinedAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.tenantId, tenantId))
    .orderBy(asc(memberships.createdAt));
}

/** Which of these people are members of the workspace, with where and in which language to write to them. */
export async function membersAmong(tx: Executor, tenantId: string, userIds: string[]): Promise<{ id: string; email: string; locale: string | null }[]> {
  if (userIds.length === 0) return [];
  return tx
    .select({ id: users.id, email: users.email, locale: users.locale })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, tenantId), inArray(memberships.userId, userIds)));
}

/**
 * Locks the workspace's memberships for the rest of the transaction, so two
 * concurrent changes cannot both remove "the other" owner.
 */
async function lockedMembers(tx: Transaction, tenantId: string) {
  return tx.execute<{ user_id: string; role: Role }>(
    sql`select user_id, role from memberships where tenant_id = ${tenantId} for update`,
  ).then((result) => result.rows);
}

/** Who may change whom: only owners touch owners or make new ones. */
function assertMayManage(actorRole: Role, targetRole: Role, newRole?: Role): void {
  if (actorRole !== 'owner' && (targetRole === 'owner' || newRole === 'owner')) {
    throw new AppError('forbidden', 'members.onlyOwnersManageOwners');
  }
}

export async function changeMemberRole(
  tx: Transaction,
  input: { tenantId: string; userId: string; role: Role; actorRole: Role; actor: Actor },
): Promise<{ from: Role; to: Role }> {
  const members = await lockedMembers(tx, input.tenantId);
  const target = members.find((m) => m.user_id === input.userId);
  if (!target) throw new AppError('not_found', 'members.notFound');
  assertMayManage(input.actorRole, target.role, input.role);
  if (input.role !== 'owner' && isOnlyOwner(target.role, members.map((m) => m.role))) {
    throw new AppError('conflict', 'members.lastOwner');
  }
  await tx
    .update(memberships)
    .set({ role: input.role })
    .where(and(eq(memberships.tenantId, input.tenantId), eq(memberships.userId, input.userId)));
  await recordWorkspaceEvent(tx, input.tenantId, MemberRoleChanged.create({ userId: input.userId, from: target.role, to: input.role }), input.actor);
  return { from: target.role, to: input.role };
}

/** Removes a member (`actorRole` null means the member is leaving by themselves). */
export async function removeMember(
  tx: Transaction,
  input: { tenantId: string; userId: string; actorRole: Role | null; actor: Actor },
): Promise<Role> {
  const members = await lockedMembers(tx, input.tenantId);
  const target = members.find((m) => m.user_id === input.userId);
  if (!target) throw new AppError('not_found', 'members.notFound');
  if (input.actorRole) assertMayManage(input.actorRole, target.role);
  if (isOnlyOwner(target.role, members.map((m) => m.role))) {
    throw new AppError('conflict', 'members.lastOwner');
  }
  await tx.delete(memberships).where(and(eq(memberships.tenantId, input.tenantId), eq(memberships.userId, input.userId)));
  const removed = MemberRemoved.create({ userId: input.userId, role: target.role, left: input.actorRole === null });
  await recordWorkspaceEvent(tx, input.tenantId, removed, input.actor);
  return target.role;
}
