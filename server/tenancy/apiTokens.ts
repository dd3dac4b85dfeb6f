import { and, desc, eq, isNull } from 'drizzle-orm';
import { withSecretLookup, type Executor, type Transaction } from '@/server/db';
import { ApiTokenCreated, ApiTokenRevoked, recordWorkspaceEvent } from './workspaceEvents';
import { AppError } from '@/server/errors';
import type { Actor } from '@/server/events';
import { apiTokens, tenants, type Role } from './schema';
import { hashSecretToken, newSecretToken } from './secretToken';

const tokenPrefix = 'trm_';

/** Creates a token; the plain token is returned this once and never stored. */
export async function createApiToken(
  tx: Transaction,
  input: { tenantId: string; name: string; role: Role; createdBy: string },
): Promise<{ id: string; token: string }> {
  const { token, hash } = newSecretToken(tokenPrefix);
  const [row] = await tx
    .insert(apiTokens)
    .values({ ...input, tokenHash: hash, tokenPrefix: token.slice(0, tokenPrefix.length + 6) })
    .returning({ id: apiTokens.id });
  const created = ApiTokenCreated.create({ tokenId: row!.id, name: input.name, role: input.role });
  await recordWorkspaceEvent(tx, input.tenantId, created, { kind: 'user', id: input.createdBy });
  return { id: row!.id, token };
}

export function listApiTokens(tx: Executor, tenantId: string) {
  return tx
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      role: apiTokens.role,
      tokenPrefix: apiTokens.tokenPrefix,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.tenantId, tenantId))
    .orderBy(desc(apiTokens.createdAt));
}

export async function revokeApiToken(tx: Transaction, tenantId: string, tokenId: string, actor: Actor): Promise<void> {
  const revoked = await tx
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.tenantId, tenantId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  if (revoked.length === 0) throw new AppError('not_found', 'errors.tokenNotFound');
  await recordWorkspaceEvent(tx, tenantId, ApiTokenRevoked.create({ tokenId }), actor);
}

export type ApiTokenCaller = { tokenId: string; tenant: { id: string; slug: string; name: string }; role: Role };

/**
 * How stale a token's "last used" time may get. Touching it on every call
 * wrote a new version of the token's row with each request a program made,
 * for a time that the tokens page shows to the minute.
 */
const lastUsedPrecisionMs = 60_000;

/** The workspace and role a bearer token speaks for, or null for an unknown or revoked token. */
export async function resolveApiToken(token: string): Promise<ApiTokenCaller | null> {
  if (!token.startsWith(tokenPrefix)) return null;
  const hash = hashSecretToken(token);
  return withSecretLookup(hash, async (tx) => {
    const [row] = await tx
      .select({ tokenId: apiTokens.id, role: apiTokens.role, lastUsedAt: apiTokens.lastUsedAt, id: tenants.id, slug: tenants.slug, name: tenants.name })
      .from(apiTokens)
      .innerJoin(tenants, eq(tenants.id, apiTokens.tenantId))
      .where(and(eq(apiTokens.tokenHash, hash), isNull(apiTokens.revokedAt)));
    if (!row) return null;
    const now = new Date();
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= lastUsedPrecisionMs) {
      await tx.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.tokenId));
    }
    return { tokenId: row.tokenId, role: row.role, tenant: { id: row.id, slug: row.slug, name: row.name } };
  });
}
