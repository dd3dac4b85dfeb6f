'use client';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useEffect, useId, useState } from 'react';
import { useTRPC } from '@/app/_components/trpc';
import { shownError } from '@/app/_components/trpcError';
import { NotificationItem } from './NotificationItem';
import { useNotificationActions, useNotificationPages } from './useNotifications';

const pageSize = 20;

/** Every notification of the person in this workspace, newest first, optionally only the unread ones. Viewing it marks them seen. */
export function NotificationList({ tenant }: { tenant: string }) {
  const t = useTranslations('notifications');
  const trpc = useTRPC();
  const filterId = useId();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const { query, items } = useNotificationPages({ pageSize, unreadOnly });
  const counts = useQuery(trpc.notifications.counts.queryOptions());
  const { markAllRead, markSeen } = useNotificationActions();
  const unseen = counts.data?.unseen ?? 0;
  const { mutate: markAllSeen } = markSeen;
  useEffect(() => {
    if (unseen > 0) markAllSeen();
  }, [unseen, markAllSeen]);

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <label htmlFor={filterId} className="flex items-center gap-2 text-sm">
          <input id={filterId} type="checkbox" checked={unreadOnly} onChange={(event) => setUnreadOnly(event.target.checked)} className="size-4 rounded border-slate-300" />
          {t('unreadOnly')}
        </label>
        <button
          type="button"
          onClick={() => markAllRead.mutate()}
          disabled={(counts.data?.unread ?? 0) === 0 || markAllRead.isPending}
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:opacity-60"
        >
          {t('markAllRead')}
        </button>
      </div>
      {markAllRead.error && (
        <p role="alert" className="text-sm text-red-700">
          {shownError(markAllRead.error, t('actionFailed')).message}
        </p>
      )}
      {query.isPending ? (
        <p className="text-sm text-slate-500">{t('loading')}</p>
      ) : query.isError ? (
        <p role="alert" className="text-sm text-red-700">{t('loadFailed')}</p>
      ) : items.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white p-10 text-center text-sm text-slate-600">{unreadOnly ? t('emptyUnread') : t('empty')}</div>
      ) : (
        <div className="overflow-hidden rounded-xl border border-slate-200 bg-white">
          <ul aria-label={t('title')} className="divide-y divide-slate-100">
            {items.map((notification) => (
              <NotificationItem key={notification.id} tenant={tenant} notification={notification} showMarkRead />
            ))}
          </ul>
          {query.hasNextPage && (
            <button
              type="button"
              onClick={() => void query.fetchNextPage()}
              disabled={query.isFetchingNextPage}
              className="w-full border-t border-slate-100 px-4 py-2 text-sm text-brand-700 hover:bg-slate-50 disabled:opacity-60"
            >
              {t('loadMore')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
