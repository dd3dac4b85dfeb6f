import { getFormatter, getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { documentKinds, documentStatuses } from '@/server/documents';
import { searchDocuments, searchDocumentsInput, type SearchResults } from '@/server/documents/search';
import { AppError } from '@/server/errors';
import { currentWorkspace } from '../currentWorkspace';
import { StatusBadge } from '../documents/StatusBadge';
import { throughDay } from './throughDay';

export async function generateMetadata() {
  return { title: (await getTranslations('documents.search'))('title') };
}

type Params = { query?: string; status?: string; kind?: string; from?: string; to?: string; page?: string };

/** A plain GET form: the URL is the search, so it can be bookmarked, shared and reloaded. */
export default async function SearchPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<Params> }) {
  const { workspace } = await currentWorkspace((await params).tenant);
  const t = await getTranslations('documents');
  const format = await getFormatter();
  const asked = await searchParams;
  let results: SearchResults | null = null;
  let problem: string | null = null;
  if (asked.query !== undefined) {
    const parsed = searchDocumentsInput.safeParse({ ...asked, to: throughDay(asked.to) });
    if (!parsed.success) problem = parsed.error.issues[0]!.message;
    else
      results = await searchDocuments(workspace.id, parsed.data).catch((error: unknown) => {
        if (error instanceof AppError) return (problem = error.messageKey), null;
        throw error;
      });
  }
  const tAll = await getTranslations();
  const pageHref = (page: number) => `?${new URLSearchParams({ ...asked, page: String(page) } as Record<string, string>)}`;
  // A page past the end (an old bookmark, fewer matches since, a typed URL) shows the last page rather than "Page 99 of 2" with nothing on it.
  if (results && results.pageCount > 0 && results.page > results.pageCount) redirect(`/t/${workspace.slug}/search${pageHref(results.pageCount)}`);
  return (
    <section aria-labelledby="search-title" className="flex flex-col gap-6">
      <h1 id="search-title" className="text-2xl font-semibold">
        {t('search.title')}
      </h1>
      <form role="search" className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-4">
        <label htmlFor="search-query" className="text-sm font-medium text-slate-700">
          {t('search.queryLabel')}
        </label>
        <div className="flex gap-2">
          <input id="search-query" name="query" type="search" defaultValue={asked.query ?? ''} aria-describedby="search-help" aria-invalid={problem ? true : undefined} className="flex-1 rounded-md border border-slate-300 px-3 py-2 text-sm" />
          <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
            {t('search.submit')}
          </button>
        </div>
        <p id="search-help" className="text-xs text-slate-500">
          {t('search.help')}
        </p>
        <div className="flex flex-wrap gap-3 text-sm">
          <label className="flex items-center gap-2">
            {t('columns.status')}
            <select name="status" defaultValue={asked.status ?? ''} className="rounded-md border border-slate-300 px-2 py-1">
              <option value="">{t('search.any')}</option>
              {documentStatuses.map((status) => (
                <option key={status} value={status}>{t(`status.${status}`)}</option>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-2">
            {t('facts.kind')}
            <select name="kind" defaultValue={asked.kind ?? ''} className="rounded-md border border-slate-300 px-2 py-1">
              <option value="">{t('search.any')}</option>
              {documentKinds.map((kind) => (
                <option key={kind} value={kind}>{kind.toUpperCase()}</option>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-2">
            {t('search.from')}
            <input type="date" name="from" defaultValue={asked.from ?? ''} className="rounded-md border border-slate-300 px-2 py-1" />
          </label>
          <label className="flex items-center gap-2">
            {t('search.to')}
            <input type="date" name="to" defaultValue={asked.to ?? ''} className="rounded-md border border-slate-300 px-2 py-1" />
          </label>
        </div>
        {problem && (
          <p role="alert" className="text-sm text-red-700">
            {tAll.has(problem as never) ? tAll(problem as never) : problem}
          </p>
        )}
      </form>
      {results && (
        <div className="flex flex-col gap-3">
          <p className="text-sm text-slate-600" aria-live="polite">
            {t('search.count', { count: results.total })}
          </p>
          <ol className="flex flex-col gap-3">
            {results.results.map((hit) => (
              <li key={hit.documentId} className="rounded-xl border border-slate-200 bg-white p-4">
                <div className="flex items-center justify-between gap-3">
                  <Link href={`/t/${workspace.slug}/documents/${hit.documentId}`} className="min-w-0 font-medium text-brand-700 wrap-anywhere hover:underline">
                    {hit.fileName}
                  </Link>
                  <StatusBadge status={hit.status} />
                </div>
                <p className="mt-2 text-sm text-slate-700 wrap-anywhere">
                  {hit.snippet.map((part, index) => (part.match ? <mark key={index} className="rounded bg-amber-100 px-0.5">{part.text}</mark> : <span key={index}>{part.text}</span>))}
                </p>
                <p className="mt-1 text-xs text-slate-500">
                  {hit.kind.toUpperCase()} · {format.dateTime(hit.createdAt, { dateStyle: 'medium' })}
                </p>
              </li>
            ))}
          </ol>
          {results.pageCount > 1 && (
            <nav aria-label={t('search.pages')} className="flex items-center justify-between text-sm">
              {results.page > 1 ? <Link href={pageHref(results.page - 1)} className="text-brand-700 hover:underline">← {t('search.previous')}</Link> : <span />}
              <span className="text-slate-600">{t('search.pageOf', { page: results.page, pages: results.pageCount })}</span>
              {results.page < results.pageCount ? <Link href={pageHref(results.page + 1)} className="text-brand-700 hover:underline">{t('search.next')} →</Link> : <span />}
            </nav>
          )}
        </div>
      )}
    </section>
  );
}
