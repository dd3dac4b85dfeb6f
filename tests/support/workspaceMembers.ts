import type { SessionUser } from '@/server/auth';
import type { Role } from '@/server/tenancy';
import { callerFor, newUser } from './callers';

export type WorkspaceWithRoles = { slug: string; tenantId: string; users: Record<Role, SessionUser> };

/** Brings an existing person into a workspace with `role`, through an invitation as people join. */
export async function addMember(owner: SessionUser, slug: string, person: SessionUser, role: Exclude<Role, 'owner'>): Promise<void> {
  const { link } = await callerFor(owner, slug).members.invite({ email: person.email, role });
  await callerFor(person).invitations.accept({ token: link!.split('/invitations/')[1]! });
}

/** A workspace with one person in each role. */
export async function workspaceWithEveryRole(name: string): Promise<WorkspaceWithRoles> {
  const owner = await newUser(name);
  const users = { owner: owner.user } as Record<Role, SessionUser>;
  for (const role of ['admin', 'member', 'viewer'] as const) {
    users[role] = (await newUser(`${name} ${role}`)).user;
    await addMember(owner.user, owner.slug, users[role], role);
  }
  return { slug: owner.slug, tenantId: owner.tenantId, users };
}
