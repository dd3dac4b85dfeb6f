import { and, count, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { withTenant } from '@/server/db';
import type { Locale } from '@/i18n/locales';
import { definitionOf } from './defineNotification';
import { renderNotification } from './renderNotification';
import { notifications, type Notification } from './schema';

export const listNotificationsInput = z.object({
  limit: z.number().int().min(1).max(100).default(20),
  /** The last notification of the previous page (keyset: created at, then id). */
  cursor: z.object({ createdAt: z.date(), id: z.uuid() }).optional(),
  unreadOnly: z.boolean().default(false),
});
export const notificationIdsInput = z.object({ ids: z.array(z.uuid()).min(1).max(100) });

type Recipient = { tenantId: string; userId: string };
const mine = ({ tenantId, userId }: Recipient) => and(eq(notifications.tenantId, tenantId), eq(notifications.recipientId, userId));

/** A stored notification as the list shows it, in the reader's language. */
function rendered(row: Notification, locale: Locale) {
  const definition = definitionOf(row.type);
  // Read through the schema: a param added since this one was stored takes its default.
  const params = definition?.params.safeParse(row.params).data ?? row.params;
  return {
    id: row.id,
    type: row.type,
    ...(definition ? renderNotification(definition, params, locale) : { title: row.type, body: '' }),
    link: definition?.link(params) ?? null,
    createdAt: row.createdAt,
    seenAt: row.seenAt,
    readAt: row.readAt,
  };
}

/** The recipient's notifications in this workspace, newest first, a page at a time. */
export async function listNotifications(recipient: Recipient, locale: Locale, input: z.input<typeof listNotificationsInput>) {
  const { limit, cursor, unreadOnly } = listNotificationsInput.parse(input);
  const rows = await withTenant(recipient.tenantId, (tx) =>
    tx
      .select()
      .from(notifications)
      .where(
        and(
          mine(recipient),
          unreadOnly ? isNull(notifications.readAt) : undefined,
          cursor ? or(lt(notifications.createdAt, cursor.createdAt), and(eq(notifications.createdAt, cursor.createdAt), lt(notifications.id, cursor.id))) : undefined,
        ),
      )
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(limit + 1),
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map((row) => rendered(row, locale)), nextCursor: rows.length > limit && last ? { createdAt: last.createdAt, id: last.id } : null };
}

/** What the bell shows: how many are unread, and how many of those arrived since the list was last opened. */
export async function notificationCounts(recipient: Recipient): Promise<{ unread: number; unseen: number }> {
  const [row] = await withTenant(recipient.tenantId, (tx) =>
    tx
      .select({ unread: count(), unseen: count(sql`case when ${notifications.seenAt} is null then 1 end`) })
      .from(notifications)
      .where(and(mine(recipient), isNull(notifications.readAt))),
  );
  return { unread: row?.unread ?? 0, unseen: row?.unseen ?? 0 };
}

/** The list was opened: everything in it has been seen (read stays as it was). */
export async function markNotificationsSeen(recipient: Recipient): Promise<{ updated: number }> {
  const rows = await withTenant(recipient.tenantId, (tx) =>
    tx.update(notifications).set({ seenAt: new Date() }).where(and(mine(recipient), isNull(notifications.seenAt))).returning({ id: notifications.id }),
  );
  return { updated: rows.length };
}

/** Marks some of the recipient's notifications read (others' ids are ignored). */
export async function markNotificationsRead(recipient: Recipient, ids: string[]): Promise<{ updated: number }> {
  const rows = await withTenant(recipient.tenantId, (tx) =>
    tx
      .update(notifications)
      .set({ readAt: new Date(), seenAt: sql`coalesce(${notifications.seenAt}, now())` })
      .where(and(mine(recipient), inArray(notifications.id, ids), isNull(notifications.readAt)))
      .returning({ id: notifications.id }),
  );
  return { updated: rows.length };
}

export async function markAllNotificationsRead(recipient: Recipient): Promise<{ updated: number }> {
  const rows = await withTenant(recipient.tenantId, (tx) =>
    tx
      .update(notifications)
      .set({ readAt: new Date(), seenAt: sql`coalesce(${notifications.seenAt}, now())` })
      .where(and(mine(recipient), isNull(notifications.readAt)))
      .returning({ id: notifications.id }),
  );
  return { updated: rows.length };
}
