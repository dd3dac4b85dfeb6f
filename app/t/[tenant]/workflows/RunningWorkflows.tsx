'use client';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useRelativeTime } from '@/app/_components/useRelativeTime';
import Link from 'next/link';
import { useTRPC } from '@/app/_components/trpc';
import { StatusBadge } from '../documents/StatusBadge';
import { stepName } from './stepName';

/** The workflows running now, most recently changed first, refreshed every few seconds. */
export function RunningWorkflows({ tenant }: { tenant: string }) {
  const t = useTranslations('workflows.running');
  const tDocuments = useTranslations('documents');
  const relativeTime = useRelativeTime(5_000);
  const trpc = useTRPC();
  const query = useQuery(trpc.workflows.running.queryOptions(undefined, { refetchInterval: 5_000 }));

  if (query.isPending) return <p className="text-sm text-slate-500">{tDocuments('loading')}</p>;
  if (query.isError) return <p role="alert" className="text-sm text-red-700">{t('loadFailed')}</p>;
  if (query.data.length === 0) return <p className="py-4 text-center text-sm text-slate-500">{t('empty')}</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{t('title')}</caption>
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-2 font-semibold">{t('document')}</th>
            <th scope="col" className="px-3 py-2 font-semibold">{t('step')}</th>
            <th scope="col" className="px-3 py-2 font-semibold">{t('status')}</th>
            <th scope="col" className="px-3 py-2 font-semibold">{t('since')}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {query.data.map((document) => (
            <tr key={document.id}>
              <td className="max-w-xs truncate px-3 py-2">
                <Link href={`/t/${tenant}/documents/${document.id}`} className="font-medium text-brand-700 hover:underline">
                  {document.fileName}
                </Link>
              </td>
              <td className="px-3 py-2">{stepName(tDocuments, document.currentStep)}</td>
              <td className="px-3 py-2">
                <StatusBadge status={document.status} />
              </td>
              <td className="px-3 py-2 text-slate-600">
                <time dateTime={new Date(document.updatedAt).toISOString()}>{relativeTime(document.updatedAt)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
