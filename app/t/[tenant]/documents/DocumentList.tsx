'use client';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { formatBytes } from '@/app/_components/formatBytes';
import { useRelativeTime } from '@/app/_components/useRelativeTime';
import Link from 'next/link';
import { useTRPC } from '@/app/_components/trpc';
import { useFallbackRefresh } from '../_realtime/useFallbackRefresh';
import { DocumentActions, type DocumentPermissions } from './DocumentActions';
import { runningStatuses, StatusBadge } from './StatusBadge';

/** The workspace's documents, newest first; live hints refetch it (see RealtimeProvider), a slow poll stands in when they cannot. */
export function DocumentList({ tenant, permissions }: { tenant: string; permissions: DocumentPermissions }) {
  const t = useTranslations('documents');
  const locale = useLocale();
  const relativeTime = useRelativeTime();
  const trpc = useTRPC();
  const fallbackRefresh = useFallbackRefresh();
  const query = useInfiniteQuery(
    trpc.documents.list.infiniteQueryOptions(
      { limit: 50 },
      {
        getNextPageParam: (page) => page.nextCursor,
        refetchInterval: (q) => fallbackRefresh(!!q.state.data?.pages.some((p) => p.documents.some((d) => runningStatuses.includes(d.status)))),
      },
    ),
  );
  const rows = query.data?.pages.flatMap((page) => page.documents) ?? [];

  if (query.isPending) return <p className="text-sm text-slate-500">{t('loading')}</p>;
  if (query.isError) return <p role="alert" className="text-sm text-red-700">{t('loadFailed')}</p>;
  if (rows.length === 0)
    return (
      <div className="rounded-xl border border-dashed border-slate-300 bg-white p-10 text-center">
        <p className="font-medium">{t('emptyTitle')}</p>
        <p className="mt-1 text-sm text-slate-600">{t('emptyBody')}</p>
      </div>
    );
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{t('title')}</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className="px-4 py-2 font-semibold">{t('columns.name')}</th>
            <th scope="col" className="px-4 py-2 font-semibold">{t('columns.status')}</th>
            <th scope="col" className="px-4 py-2 font-semibold">{t('columns.size')}</th>
            <th scope="col" className="px-4 py-2 font-semibold">{t('columns.uploaded')}</th>
            <th scope="col" className="px-4 py-2 text-right font-semibold"><span className="sr-only">{t('columns.actions')}</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((document) => (
            <tr key={document.id}>
              <td className="max-w-xs truncate px-4 py-2">
                <Link href={`/t/${tenant}/documents/${document.id}`} className="font-medium text-brand-700 hover:underline">
                  {document.fileName}
                </Link>
                <span className="ml-2 text-xs uppercase text-slate-500">{document.kind}</span>
              </td>
              <td className="px-4 py-2">
                <StatusBadge status={document.status} />
              </td>
              <td className="px-4 py-2 text-slate-600">{formatBytes(document.sizeBytes, locale)}</td>
              <td className="px-4 py-2 text-slate-600">{relativeTime(document.createdAt)}</td>
              <td className="px-4 py-2">
                <DocumentActions document={document} permissions={permissions} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {query.hasNextPage && (
        <button type="button" onClick={() => void query.fetchNextPage()} className="w-full border-t border-slate-100 px-4 py-2 text-sm text-brand-700 hover:bg-slate-50">
          {t('loadMore')}
        </button>
      )}
    </div>
  );
}
