'use client';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { shownError } from '@/app/_components/trpcError';
import { NotificationItem } from './NotificationItem';
import { useNotificationActions, useNotificationPages } from './useNotifications';

const pageSize = 5;

/** The bell's panel: the newest notifications a few at a time, mark all as read, and the way to the full list. */
export function NotificationPanel({ id, tenant, unread, onClose }: { id: string; tenant: string; unread: number; onClose: () => void }) {
  const t = useTranslations('notifications');
  const { query, items } = useNotificationPages({ pageSize });
  const { markAllRead } = useNotificationActions();
  return (
    <div id={id} role="dialog" aria-label={t('title')} className="absolute right-0 z-20 mt-2 w-80 rounded-xl border border-slate-200 bg-white shadow-lg">
      <div className="flex items-center justify-between gap-2 border-b border-slate-100 px-3 py-2">
        <h2 className="text-sm font-semibold">{t('title')}</h2>
        <button
          type="button"
          onClick={() => markAllRead.mutate()}
          disabled={unread === 0 || markAllRead.isPending}
          className="rounded px-2 py-1 text-xs font-medium text-brand-700 hover:bg-slate-100 disabled:text-slate-400 disabled:hover:bg-transparent"
        >
          {t('markAllRead')}
        </button>
      </div>
      {markAllRead.error && (
        <p role="alert" className="px-3 py-2 text-sm text-red-700">
          {shownError(markAllRead.error, t('actionFailed')).message}
        </p>
      )}
      {query.isPending ? (
        <p className="px-3 py-3 text-sm text-slate-500">{t('loading')}</p>
      ) : query.isError ? (
        <p role="alert" className="px-3 py-3 text-sm text-red-700">{t('loadFailed')}</p>
      ) : items.length === 0 ? (
        <p className="px-3 py-3 text-sm text-slate-500">{t('empty')}</p>
      ) : (
        <ul aria-label={t('title')} className="max-h-96 divide-y divide-slate-100 overflow-y-auto">
          {items.map((notification) => (
            <NotificationItem key={notification.id} tenant={tenant} notification={notification} onFollow={onClose} />
          ))}
        </ul>
      )}
      {query.hasNextPage && (
        <button
          type="button"
          onClick={() => void query.fetchNextPage()}
          disabled={query.isFetchingNextPage}
          className="w-full border-t border-slate-100 px-3 py-2 text-sm text-brand-700 hover:bg-slate-50 disabled:opacity-60"
        >
          {t('loadMore')}
        </button>
      )}
      <Link href={`/t/${tenant}/notifications`} onClick={onClose} className="block border-t border-slate-100 px-3 py-2 text-center text-sm font-medium text-brand-700 hover:bg-slate-50">
        {t('seeAll')}
      </Link>
    </div>
  );
}
