'use client';
import { useTranslations } from 'next-intl';
import { useRelativeTime } from '@/app/_components/useRelativeTime';
import Link from 'next/link';
import { notificationHref, useNotificationActions, type NotificationEntry } from './useNotifications';

type Props = {
  tenant: string;
  notification: NotificationEntry;
  /** Called after the person followed the notification's link (the bell closes its panel). */
  onFollow?: () => void;
  /** The full page offers a separate button; the bell's panel keeps to the link. */
  showMarkRead?: boolean;
};

/** One notification: following its link marks it read; unread ones are marked for sight and for screen readers. */
export function NotificationItem({ tenant, notification, onFollow, showMarkRead = false }: Props) {
  const t = useTranslations('notifications');
  const relativeTime = useRelativeTime();
  const { markRead } = useNotificationActions();
  const unread = notification.readAt === null;
  const read = () => {
    if (unread) markRead.mutate({ ids: [notification.id] });
  };
  return (
    <li className={`flex gap-3 px-3 py-2 ${unread ? 'bg-brand-50/60' : ''}`}>
      <span aria-hidden className={`mt-1.5 size-2 shrink-0 rounded-full ${unread ? 'bg-brand-600' : 'bg-transparent'}`} />
      {/* Titles carry file names, which may have no space to wrap at. */}
      <div className="min-w-0 flex-1 wrap-anywhere">
        {unread && <span className="sr-only">{t('unread')}: </span>}
        {notification.link ? (
          <Link
            href={notificationHref(tenant, notification.link)}
            onClick={() => {
              read();
              onFollow?.();
            }}
            className={`text-sm hover:underline ${unread ? 'font-semibold text-slate-900' : 'text-slate-700'}`}
          >
            {notification.title}
          </Link>
        ) : (
          <span className={`text-sm ${unread ? 'font-semibold' : ''}`}>{notification.title}</span>
        )}
        {notification.body && <p className="mt-0.5 text-sm text-slate-600">{notification.body}</p>}
        <p className="mt-0.5 text-xs text-slate-500">
          <time dateTime={notification.createdAt.toISOString()}>{relativeTime(notification.createdAt)}</time>
        </p>
      </div>
      {showMarkRead && unread && (
        <button
          type="button"
          onClick={read}
          disabled={markRead.isPending}
          aria-label={t('markReadNamed', { title: notification.title })}
          className="self-start rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium hover:bg-slate-50 disabled:opacity-60"
        >
          {t('markRead')}
        </button>
      )}
    </li>
  );
}
