import { describe, expect, it } from 'vitest';
import { callerFor, callerForToken, newUser } from '@/tests/support/callers';

describe('API tokens', () => {
  it('are shown once, stored hashed, and act in their own workspace with their role', async () => {
    const owner = await newUser('Owner');
    const { token, id } = await callerFor(owner.user, owner.slug).tokens.create({ name: 'CI', role: 'viewer' });
    expect(token).toMatch(/^trm_[A-Za-z0-9_-]{43}$/);

    const listed = await callerFor(owner.user, owner.slug).tokens.list();
    expect(listed).toEqual([expect.objectContaining({ id, name: 'CI', role: 'viewer', tokenPrefix: token.slice(0, 10) })]);
    expect(JSON.stringify(listed)).not.toContain(token);

    const asProgram = await callerForToken(token, owner.slug);
    await expect(asProgram.tenants.current()).resolves.toMatchObject({ slug: owner.slug, role: 'viewer' });
    await expect(asProgram.members.invite({ email: 'x@example.com', role: 'member' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('of workspace A get NOT_FOUND with x-tenant of workspace B', async () => {
    const a = await newUser('Alpha');
    const b = await newUser('Beta');
    const { token } = await callerFor(a.user, a.slug).tokens.create({ name: 'A', role: 'admin' });
    await expect((await callerForToken(token, b.slug)).tenants.current()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect((await callerForToken(token, b.slug)).members.list()).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('stop working once revoked, and an unknown token is UNAUTHORIZED', async () => {
    const owner = await newUser('Owner');
    const { token, id } = await callerFor(owner.user, owner.slug).tokens.create({ name: 'Old', role: 'member' });
    await callerFor(owner.user, owner.slug).tokens.revoke({ id });
    await expect((await callerForToken(token, owner.slug)).tenants.current()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect((await callerForToken('trm_not-a-real-token', owner.slug)).tenants.current()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('cannot be created by a token', async () => {
    const owner = await newUser('Owner');
    const { token } = await callerFor(owner.user, owner.slug).tokens.create({ name: 'Admin bot', role: 'admin' });
    await expect((await callerForToken(token, owner.slug)).tokens.create({ name: 'child', role: 'admin' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
