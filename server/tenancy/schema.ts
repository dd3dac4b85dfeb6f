import { sql } from 'drizzle-orm';
import { index, pgEnum, pgPolicy, pgRole, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema';

/** The role the app connects as (created by migration 0002); it cannot bypass the policies below. */
export const appRole = pgRole('tramite_app').existing();

/** Rows of the workspace named by this transaction's `app.tenant_id` (set by withTenant). */
export const tenantRows = sql`tenant_id = app_tenant_id()`;

export const roles = ['owner', 'admin', 'member', 'viewer'] as const;
export const roleEnum = pgEnum('role', roles);
export type Role = (typeof roles)[number];

export const tenants = pgTable('tenants', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const memberships = pgTable(
  'memberships',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: roleEnum('role').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.userId] }),
    index('memberships_user_idx').on(table.userId),
    // A person also sees their own memberships across workspaces (withUser), for the switcher.
    pgPolicy('memberships_isolation', {
      to: appRole,
      using: sql`${tenantRows} or user_id = app_user_id()`,
      withCheck: tenantRows,
    }),
  ],
).enableRLS();

/**
 * An invitation to join a workspace with a role. Only the SHA-256 of its
 * token is stored; the link carries the token, is single-use (accepted_at)
 * and expires.
 */
export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: roleEnum('role').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    acceptedBy: uuid('accepted_by').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('invitations_tenant_idx').on(table.tenantId),
    // Whoever holds the link may read and accept that one invitation (withSecretLookup).
    pgPolicy('invitations_isolation', { to: appRole, using: sql`${tenantRows} or token_hash = app_secret_hash()`, withCheck: sql`${tenantRows} or token_hash = app_secret_hash()` }),
  ],
).enableRLS();

/** A workspace's API token for programs: hashed at rest, shown once, scoped to a role, revocable. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    role: roleEnum('role').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** The first characters of the token, so people can tell their tokens apart. */
    tokenPrefix: text('token_prefix').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('api_tokens_hash_idx').on(table.tokenHash),
    index('api_tokens_tenant_idx').on(table.tenantId),
    // A caller presenting a token may resolve that one token (withSecretLookup).
    pgPolicy('api_tokens_isolation', { to: appRole, using: sql`${tenantRows} or token_hash = app_secret_hash()`, withCheck: sql`${tenantRows} or token_hash = app_secret_hash()` }),
  ],
).enableRLS();

export type Tenant = typeof tenants.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
