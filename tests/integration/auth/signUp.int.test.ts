import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { signUp, signUpInput } from '@/server/auth';
import { users } from '@/server/auth/schema';
import { getDb } from '@/server/db';
import { AppError } from '@/server/errors';
import { findMembership, listTenantsForUser } from '@/server/tenancy';
import { ownerQuery } from '@/tests/support/ownerQuery';

const count = async (table: string) => Number((await ownerQuery<{ n: string }>(`select count(*) as n from ${table}`))[0]!.n);

describe('signUp', () => {
  it('creates the account with an argon2id hash and its first workspace, owned by it', async () => {
    const input = signUpInput.parse({ name: 'Ana García', email: ' Ana@Example.com ', password: 'correct horse battery' });
    const { user, tenant } = await signUp(input);

    expect(user.email).toBe('ana@example.com');
    const [stored] = await getDb().select().from(users).where(eq(users.id, user.id));
    expect(stored!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(tenant).toMatchObject({ slug: 'ana-garcia', name: 'Ana García', role: 'owner' });
    expect(await listTenantsForUser(user.id)).toEqual([tenant]);
    expect(await findMembership(user.id, 'ana-garcia')).toEqual(tenant);
  });

  it('refuses a taken email on the email field and writes nothing', async () => {
    const input = signUpInput.parse({ name: 'Bo', email: 'bo@example.com', password: 'long enough password' });
    await signUp(input);
    const before = [await count('users'), await count('tenants'), await count('memberships')];

    const error = await signUp({ ...input, name: 'Other Bo' }).catch((e) => e);

    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'conflict', messageKey: 'validation.emailTaken', field: 'email' });
    expect([await count('users'), await count('tenants'), await count('memberships')]).toEqual(before);
  });

  it('gives two workspaces with the same name distinct slugs', async () => {
    const a = await signUp(signUpInput.parse({ name: 'Equipo Norte', email: 'a@example.com', password: 'long enough password' }));
    const b = await signUp(signUpInput.parse({ name: 'Equipo Norte', email: 'b@example.com', password: 'long enough password' }));
    expect([a.tenant.slug, b.tenant.slug]).toEqual(['equipo-norte', 'equipo-norte-2']);
  });

  it('rejects a password shorter than 10 characters with a field message key', () => {
    const result = signUpInput.safeParse({ name: 'Cy', email: 'cy@example.com', password: 'short' });
    expect(result.success).toBe(false);
    expect(result.error!.issues).toEqual([expect.objectContaining({ path: ['password'], message: 'validation.passwordTooShort' })]);
  });
});
