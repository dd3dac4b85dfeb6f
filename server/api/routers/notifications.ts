import {
  listNotifications,
  listNotificationsInput,
  markAllNotificationsRead,
  markNotificationsRead,
  markNotificationsSeen,
  notificationCounts,
  notificationIdsInput,
} from '@/server/notifications';
import { AppError } from '@/server/errors';
import { allowedProcedure, createTRPCRouter } from '../trpc';

/** Notifications belong to people: an API token has none. */
const recipientProcedure = allowedProcedure('workspace.view').use(({ ctx, next }) => {
  if (!ctx.user) throw new AppError('forbidden', 'members.peopleOnly');
  return next({ ctx: { recipient: { tenantId: ctx.tenant.id, userId: ctx.user.id } } });
});

export const notificationsRouter = createTRPCRouter({
  /** The caller's notifications in this workspace, newest first, in their language. */
  list: recipientProcedure.input(listNotificationsInput.default({ limit: 20, unreadOnly: false })).query(({ ctx, input }) => listNotifications(ctx.recipient, ctx.locale, input)),

  /** The bell: unread, and unread not yet seen. */
  counts: recipientProcedure.query(({ ctx }) => notificationCounts(ctx.recipient)),

  markRead: recipientProcedure.input(notificationIdsInput).mutation(({ ctx, input }) => markNotificationsRead(ctx.recipient, input.ids)),

  markAllRead: recipientProcedure.mutation(({ ctx }) => markAllNotificationsRead(ctx.recipient)),

  /** The list was opened. */
  markSeen: recipientProcedure.mutation(({ ctx }) => markNotificationsSeen(ctx.recipient)),
});
