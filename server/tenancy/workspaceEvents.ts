import { z } from 'zod';
import type { Transaction } from '@/server/db';
import { appendToStream, defineEvent, type Actor, type NewEvent } from '@/server/events';
import { roles } from './schema';

const role = z.enum(roles);

/** Everything that changes who belongs to a workspace, or how they may call it, is an event on its stream. */
export const WorkspaceCreated = defineEvent('WorkspaceCreated', {
  schemaVersion: 1,
  schema: z.object({ name: z.string(), slug: z.string(), ownerId: z.uuid() }),
});
export const MemberInvited = defineEvent('MemberInvited', {
  schemaVersion: 1,
  schema: z.object({ invitationId: z.uuid(), email: z.email(), role }),
});
export const InvitationRevoked = defineEvent('InvitationRevoked', { schemaVersion: 1, schema: z.object({ invitationId: z.uuid() }) });
export const MemberJoined = defineEvent('MemberJoined', {
  schemaVersion: 1,
  schema: z.object({ userId: z.uuid(), role, invitationId: z.uuid() }),
});
export const MemberRoleChanged = defineEvent('MemberRoleChanged', {
  schemaVersion: 1,
  schema: z.object({ userId: z.uuid(), from: role, to: role }),
});
export const MemberRemoved = defineEvent('MemberRemoved', {
  schemaVersion: 1,
  schema: z.object({ userId: z.uuid(), role, left: z.boolean() }),
});
export const ApiTokenCreated = defineEvent('ApiTokenCreated', {
  schemaVersion: 1,
  schema: z.object({ tokenId: z.uuid(), name: z.string(), role }),
});
export const ApiTokenRevoked = defineEvent('ApiTokenRevoked', { schemaVersion: 1, schema: z.object({ tokenId: z.uuid() }) });

export const workspaceStream = (tenantId: string) => `workspace-${tenantId}`;

/** Appends to the workspace's stream in the caller's tenant-scoped transaction, so the change and its event commit together. */
export async function recordWorkspaceEvent(tx: Transaction, tenantId: string, event: NewEvent, actor: Actor): Promise<void> {
  await appendToStream(workspaceStream(tenantId), [event], { tenantId, tx, expectedVersion: 'any', metadata: { actor } });
}
