import { inTransaction } from '@/server/db';
import { AppError } from '@/server/errors';
import { createTenant, type TenantSummary } from '@/server/tenancy';
import { hashPassword } from './password';
import { users } from './schema';
import type { SignUpInput } from './schemas';
import type { SessionUser } from './authorizeCredentials';

/**
 * Creates the account and its first workspace (owned by it) in one
 * transaction: a failure leaves neither behind.
 */
export async function signUp(
  input: SignUpInput,
  workspace?: { name: string; slug: string },
): Promise<{ user: SessionUser; tenant: TenantSummary }> {
  const passwordHash = await hashPassword(input.password);
  return inTransaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ name: input.name, email: input.email, passwordHash })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id, email: users.email, name: users.name });
    if (!user) throw new AppError('conflict', 'validation.emailTaken', { field: 'email' });
    const tenant = await createTenant(tx, { name: workspace?.name ?? input.name, slug: workspace?.slug, ownerId: user.id });
    return { user, tenant };
  });
}
