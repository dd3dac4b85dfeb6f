import { describe, expect, it } from 'vitest';
import { appRouter } from '@/server/api';
import { createCallerFactory } from '@/server/api/trpc';
import { signInPolicy } from '@/server/auth';
import { callerFor, newUser } from '@/tests/support/callers';

const createCaller = createCallerFactory(appRouter);

/** Invites `who` into `owner`'s workspace with `role` and accepts through the link's token. */
async function join(owner: Awaited<ReturnType<typeof newUser>>, who: Awaited<ReturnType<typeof newUser>>, role: 'admin' | 'member' | 'viewer' | 'owner') {
  const { link } = await callerFor(owner.user, owner.slug).members.invite({ email: who.user.email, role });
  const token = link!.split('/invitations/')[1]!;
  return callerFor(who.user).invitations.accept({ token });
}

describe('members', () => {
  it('an invited person accepts once and gets the role; the link does not work twice', async () => {
    const owner = await newUser('Owner');
    const guest = await newUser('Guest');
    const { link } = await callerFor(owner.user, owner.slug).members.invite({ email: guest.user.email, role: 'member' });
    const token = link!.split('/invitations/')[1]!;

    await expect(callerFor(guest.user).invitations.accept({ token })).resolves.toMatchObject({ slug: owner.slug });
    await expect(callerFor(guest.user, owner.slug).tenants.current()).resolves.toMatchObject({ role: 'member' });
    await expect(callerFor(guest.user).invitations.accept({ token })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('an invitation is refused to a different account than the one invited', async () => {
    const owner = await newUser('Owner');
    const invited = await newUser('Invited');
    const other = await newUser('Other');
    const { link } = await callerFor(owner.user, owner.slug).members.invite({ email: invited.user.email, role: 'viewer' });
    const token = link!.split('/invitations/')[1]!;
    await expect(callerFor(other.user).invitations.accept({ token })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerFor(other.user, owner.slug).tenants.current()).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('the last owner can neither leave nor be demoted; with a second owner both work', async () => {
    const owner = await newUser('Owner');
    const caller = callerFor(owner.user, owner.slug);
    await expect(caller.members.leave()).rejects.toMatchObject({ code: 'CONFLICT', message: 'members.lastOwner' });
    await expect(caller.members.changeRole({ userId: owner.user.id, role: 'admin' })).rejects.toMatchObject({ code: 'CONFLICT' });

    const second = await newUser('Second');
    await join(owner, second, 'owner');
    await caller.members.changeRole({ userId: owner.user.id, role: 'admin' });
    await expect(callerFor(owner.user, owner.slug).tenants.current()).resolves.toMatchObject({ role: 'admin' });
    await callerFor(owner.user, owner.slug).members.leave();
    await expect(callerFor(owner.user, owner.slug).tenants.current()).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('an admin manages members but cannot touch an owner or make one', async () => {
    const owner = await newUser('Owner');
    const admin = await newUser('Admin');
    const member = await newUser('Member');
    await join(owner, admin, 'admin');
    await join(owner, member, 'member');
    const asAdmin = callerFor(admin.user, owner.slug);

    await asAdmin.members.changeRole({ userId: member.user.id, role: 'viewer' });
    await expect(asAdmin.members.changeRole({ userId: member.user.id, role: 'owner' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(asAdmin.members.remove({ userId: owner.user.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await asAdmin.members.remove({ userId: member.user.id });
    expect((await asAdmin.members.list()).map((m) => m.role).sort()).toEqual(['admin', 'owner']);
  });

  it('members and viewers cannot invite, and get FORBIDDEN rather than a silent no-op', async () => {
    const owner = await newUser('Owner');
    const viewer = await newUser('Viewer');
    await join(owner, viewer, 'viewer');
    await expect(callerFor(viewer.user, owner.slug).members.invite({ email: 'x@example.com', role: 'member' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('a revoked invitation no longer works', async () => {
    const owner = await newUser('Owner');
    const guest = await newUser('Guest');
    const { id, link } = await callerFor(owner.user, owner.slug).members.invite({ email: guest.user.email, role: 'member' });
    await callerFor(owner.user, owner.slug).members.revokeInvitation({ id });
    await expect(callerFor(guest.user).invitations.accept({ token: link!.split('/invitations/')[1]! })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('inviting someone again', () => {
  it('replaces their pending invitation: one pending row, the earlier link no longer works, the new one does', async () => {
    const owner = await newUser('Owner');
    const guest = await newUser('Guest');
    const admin = callerFor(owner.user, owner.slug);
    const first = await admin.members.invite({ email: guest.user.email, role: 'viewer' });
    const second = await admin.members.invite({ email: guest.user.email, role: 'member' });
    expect((await admin.members.invitations()).map((invitation) => [invitation.id, invitation.role])).toEqual([[second.id, 'member']]);
    await expect(callerFor(guest.user).invitations.accept({ token: first.link!.split('/invitations/')[1]! })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(callerFor(guest.user).invitations.accept({ token: second.link!.split('/invitations/')[1]! })).resolves.toMatchObject({ slug: owner.slug });
    expect((await admin.members.list()).find((member) => member.userId === guest.user.id)).toMatchObject({ role: 'member' });
  });
});

describe('invitation links', () => {
  it('refuses an IP that keeps presenting wrong links, even with a right one', async () => {
    const owner = await newUser('Owner');
    const guest = await newUser('Guest');
    const { link } = await callerFor(owner.user, owner.slug).members.invite({ email: guest.user.email, role: 'member' });
    const guesser = createCaller({ user: guest.user, apiToken: null, ip: '203.0.113.9', headers: new Headers(), locale: 'en' });
    const answers: (string | null)[] = [];
    for (let i = 0; i < signInPolicy.invitationLink.lockAt; i++) {
      answers.push(await guesser.invitations.describe({ token: `inv_guess-${i}-xxxxxxxx` }).then(() => null, (e) => e.code));
    }
    expect(answers.filter((a) => a !== null)).toEqual([]); // wrong links just describe as null…
    const real = await guesser.invitations.accept({ token: link!.split('/invitations/')[1]! }).catch((e) => e.code);
    expect(real).toBe('TOO_MANY_REQUESTS'); // …until the IP is refused, right link included
    const fromElsewhere = createCaller({ user: guest.user, apiToken: null, ip: '198.51.100.7', headers: new Headers(), locale: 'en' });
    await expect(fromElsewhere.invitations.accept({ token: link!.split('/invitations/')[1]! })).resolves.toMatchObject({ slug: owner.slug });
  });
});
