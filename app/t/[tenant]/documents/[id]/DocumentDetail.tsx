'use client';
import { useQuery } from '@tanstack/react-query';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import Link from 'next/link';
import { useTRPC } from '@/app/_components/trpc';
import { useFallbackRefresh } from '../../_realtime/useFallbackRefresh';
import { DocumentActions, type DocumentPermissions } from '../DocumentActions';
import { formatBytes } from '@/app/_components/formatBytes';
import { useReasonText } from '@/app/_components/useReasonText';
import { runningStatuses, StatusBadge } from '../StatusBadge';
import { Timeline } from './Timeline';

/** One document: what it is, where its workflow stands, and every step it went through. Live hints refetch it while it runs. */
export function DocumentDetail({ tenant, documentId, permissions }: { tenant: string; documentId: string; permissions: DocumentPermissions }) {
  const t = useTranslations('documents');
  const reason = useReasonText();
  const format = useFormatter();
  const locale = useLocale();
  const trpc = useTRPC();
  const fallbackRefresh = useFallbackRefresh();
  const query = useQuery(
    trpc.documents.get.queryOptions({ id: documentId }, { refetchInterval: (q) => fallbackRefresh(!!q.state.data && runningStatuses.includes(q.state.data.document.status)) }),
  );
  if (query.isPending) return <p className="text-sm text-slate-500">{t('loading')}</p>;
  if (query.isError) return <p role="alert" className="text-sm text-red-700">{query.error.data?.httpStatus === 404 ? t('notFound') : t('loadFailed')}</p>;
  const { document, timeline, textPreview } = query.data;
  // A stopped workflow will not extract the text, so "once processed" would promise what will not happen.
  const noTextYet = document.status === 'cancelled' || document.status === 'failed' ? document.status : 'notYet';
  const facts: [string, React.ReactNode][] = [
    [t('facts.kind'), document.kind.toUpperCase()],
    [t('facts.size'), formatBytes(document.sizeBytes, locale)],
    [t('facts.uploaded'), format.dateTime(document.createdAt, { dateStyle: 'medium', timeStyle: 'short' })],
    ...(document.pageCount !== null ? [[t('facts.pages'), String(document.pageCount)] as [string, React.ReactNode]] : []),
    ...(document.wordCount !== null ? [[t('facts.words'), format.number(document.wordCount)] as [string, React.ReactNode]] : []),
    ...(document.language ? [[t('facts.language'), t(`languages.${document.language as 'en' | 'es' | 'other'}`)] as [string, React.ReactNode]] : []),
    [t('facts.sha256'), <code key="sha" className="break-all text-xs">{document.sha256}</code>],
  ];
  return (
    <article aria-labelledby="document-title" className="flex flex-col gap-6">
      <Link href={`/t/${tenant}/documents`} className="text-sm text-brand-700 hover:underline">
        ← {t('backToList')}
      </Link>
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 id="document-title" className="break-all text-2xl font-semibold">
            {document.fileName}
          </h1>
          <div className="mt-2 flex items-center gap-3">
            <StatusBadge status={document.status} />
            {document.status === 'failed' && document.failureReason && (
              <span className="text-sm text-red-800">
                {t('failedAt', { step: t(`steps.${document.currentStep as 'store'}`), reason: reason(document.failureReason) })}
              </span>
            )}
          </div>
        </div>
        <div className="flex items-center gap-2">
          <a href={`/api/files/${document.id}?tenant=${tenant}`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50">
            {t('download')}
          </a>
          <DocumentActions document={document} permissions={permissions} />
        </div>
      </header>
      {document.duplicateOf && (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t('duplicate')}{' '}
          <Link href={`/t/${tenant}/documents/${document.duplicateOf}`} className="font-medium underline">
            {t('duplicateLink')}
          </Link>
        </p>
      )}
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 rounded-xl border border-slate-200 bg-white p-4 text-sm sm:grid-cols-2">
        {facts.map(([label, value]) => (
          <div key={label} className="flex gap-2">
            <dt className="w-28 shrink-0 text-slate-500">{label}</dt>
            <dd className="min-w-0">{value}</dd>
          </div>
        ))}
      </dl>
      <section aria-labelledby="text-preview-title" className="flex flex-col gap-2">
        <h2 id="text-preview-title" className="text-lg font-semibold">
          {t('textPreview.title')}
        </h2>
        {textPreview === null ? (
          <p className="text-sm text-slate-500">{t(`textPreview.${noTextYet}`)}</p>
        ) : textPreview.text.trim() === '' ? (
          <p className="text-sm text-slate-500">{t('textPreview.empty')}</p>
        ) : (
          <>
            {/* Plain text in a text node: whatever the file contained, React escapes it. */}
            <pre data-testid="text-preview" className="max-h-96 overflow-auto whitespace-pre-wrap break-words rounded-xl border border-slate-200 bg-white p-4 font-sans text-sm text-slate-800">
              {textPreview.text}
            </pre>
            {textPreview.truncated && <p className="text-xs text-slate-500">{t('textPreview.truncated', { chars: format.number(textPreview.text.length) })}</p>}
          </>
        )}
      </section>
      <Timeline entries={timeline} />
    </article>
  );
}
