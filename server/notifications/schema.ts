import { sql } from 'drizzle-orm';
import { index, jsonb, pgPolicy, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema';
import { appRole, tenantRows, tenants } from '../tenancy/schema';

/**
 * One row per recipient and notification: the database delivery, which
 * always happens; the bell and the list read it. `params` are the values the
 * type's messages and link are filled with, validated by its schema.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    recipientId: uuid('recipient_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    params: jsonb('params').notNull().$type<Record<string, string | number>>(),
    // Milliseconds, as a JavaScript Date holds them: the list's keyset cursor carries this value back, and a
    // microsecond part lost on the way would make the next page skip rows of the same millisecond.
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** When the recipient opened the list with it in view (clears the bell's count). */
    seenAt: timestamp('seen_at', { withTimezone: true }),
    /** When the recipient marked it read or followed its link. */
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (table) => [
    index('notifications_recipient_idx').on(table.tenantId, table.recipientId, table.createdAt.desc(), table.id.desc()),
    index('notifications_unread_idx').on(table.tenantId, table.recipientId).where(sql`read_at is null`),
    pgPolicy('notifications_isolation', { to: appRole, using: tenantRows, withCheck: tenantRows }),
  ],
).enableRLS();

export type Notification = typeof notifications.$inferSelect;
