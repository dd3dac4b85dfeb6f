import { describe, expect, it } from 'vitest';
import { callerFor, callerForToken, newUser } from '@/tests/support/callers';
import { ownerQuery } from '@/tests/support/ownerQuery';

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
    // Told that the token is the problem, not to sign in: a program has no one to sign in.
    const invalid = { code: 'UNAUTHORIZED', message: expect.stringMatching(/^This API token is not valid/) };
    await expect((await callerForToken(token, owner.slug)).tenants.current()).rejects.toMatchObject(invalid);
    await expect((await callerForToken('trm_not-a-real-token', owner.slug)).tenants.current()).rejects.toMatchObject(invalid);
  });

  it('record when they were last used, to the minute: a token used again within it writes nothing', async () => {
    const owner = await newUser('Owner');
    const { token, id } = await callerFor(owner.user, owner.slug).tokens.create({ name: 'Busy script', role: 'member' });
    const lastUsed = async () => (await callerFor(owner.user, owner.slug).tokens.list()).find((listed) => listed.id === id)!.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await (await callerForToken(token, owner.slug)).tenants.current();
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    const rowVersion = await ownerQuery<{ xmin: string }>('select xmin::text from api_tokens where id = $1', [id]);
    await (await callerForToken(token, owner.slug)).tenants.current();
    expect(await lastUsed()).toEqual(first);
    expect(await ownerQuery('select xmin::text from api_tokens where id = $1', [id])).toEqual(rowVersion);
    // A minute on, the next use moves it.
    await ownerQuery("update api_tokens set last_used_at = last_used_at - interval '61 seconds' where id = $1", [id]);
    await (await callerForToken(token, owner.slug)).tenants.current();
    expect((await lastUsed())!.getTime()).toBeGreaterThan(first!.getTime());
  });

  it('cannot be created by a token', async () => {
    const owner = await newUser('Owner');
    const { token } = await callerFor(owner.user, owner.slug).tokens.create({ name: 'Admin bot', role: 'admin' });
    await expect((await callerForToken(token, owner.slug)).tokens.create({ name: 'child', role: 'admin' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
