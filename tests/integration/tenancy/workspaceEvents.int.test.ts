import { describe, expect, it } from 'vitest';
import { readStream } from '@/server/events';
import { workspaceStream } from '@/server/tenancy';
import { callerFor, newUser } from '@/tests/support/callers';

const history = async (tenantId: string) =>
  (await readStream({ tenantId }, workspaceStream(tenantId))).map((event) => ({ type: event.type, data: event.data, actor: event.metadata.actor }));

describe('membership changes are events on the workspace stream', () => {
  it('records creation, invitation, joining, role change and removal, each with who did it', async () => {
    const owner = await newUser('Owner');
    const guest = await newUser('Guest');
    const asOwner = callerFor(owner.user, owner.slug);
    const { id: invitationId, link } = await asOwner.members.invite({ email: guest.user.email, role: 'member' });
    await callerFor(guest.user).invitations.accept({ token: link!.split('/invitations/')[1]! });
    await asOwner.members.changeRole({ userId: guest.user.id, role: 'viewer' });
    await asOwner.members.remove({ userId: guest.user.id });
    const byOwner = { kind: 'user', id: owner.user.id };

    expect(await history(owner.tenantId)).toEqual([
      { type: 'WorkspaceCreated', data: { name: owner.user.name, slug: owner.slug, ownerId: owner.user.id }, actor: byOwner },
      { type: 'MemberInvited', data: { invitationId, email: guest.user.email, role: 'member' }, actor: byOwner },
      { type: 'MemberJoined', data: { userId: guest.user.id, role: 'member', invitationId }, actor: { kind: 'user', id: guest.user.id } },
      { type: 'MemberRoleChanged', data: { userId: guest.user.id, from: 'member', to: 'viewer' }, actor: byOwner },
      { type: 'MemberRemoved', data: { userId: guest.user.id, role: 'viewer', left: false }, actor: byOwner },
    ]);
  });

  it('records API tokens created and revoked, and a change refused leaves no event', async () => {
    const owner = await newUser('Owner');
    const asOwner = callerFor(owner.user, owner.slug);
    const { id: tokenId } = await asOwner.tokens.create({ name: 'CI', role: 'viewer' });
    await asOwner.tokens.revoke({ id: tokenId });
    await expect(asOwner.members.leave()).rejects.toMatchObject({ code: 'CONFLICT' });

    expect((await history(owner.tenantId)).map((e) => e.type)).toEqual(['WorkspaceCreated', 'ApiTokenCreated', 'ApiTokenRevoked']);
  });
});
