import { getFormatter, getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { streamHistory, streamHistoryInput } from '@/server/events';
import { EventTable, Pager } from '../EventTable';
import { browsableWorkspace, browserHref, single } from '../browsableWorkspace';

export async function generateMetadata({ searchParams }: Props) {
  return { title: (await getTranslations('events'))('streamTitle', { stream: single((await searchParams).id) ?? '' }) };
}

type Props = { params: Promise<{ tenant: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** One stream's history, newest first, with its summary (the stream summaries read model). */
export default async function StreamPage({ params, searchParams }: Props) {
  const workspace = await browsableWorkspace((await params).tenant);
  const query = await searchParams;
  const input = streamHistoryInput.safeParse({ streamId: single(query.id), before: single(query.before) || undefined });
  if (!input.success) notFound();
  const history = await streamHistory({ tenantId: workspace.id }, input.data);
  if (!history) notFound();
  const t = await getTranslations('events');
  const format = await getFormatter();
  const when = (date: Date) => format.dateTime(date, { dateStyle: 'medium', timeStyle: 'medium' });
  const { summary } = history;

  return (
    <section aria-labelledby="stream-title" className="flex flex-col gap-4">
      <header className="flex flex-col gap-1">
        <Link href={browserHref(workspace.slug, '', {})} className="text-sm font-medium text-brand-700 hover:underline">
          ← {t('allEvents')}
        </Link>
        <h1 id="stream-title" className="break-all text-2xl font-semibold">
          {t('streamTitle', { stream: history.streamId })}
        </h1>
        {summary && (
          <dl className="mt-2 grid max-w-3xl grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4">
            <div>
              <dt className="text-slate-500">{t('version')}</dt>
              <dd className="font-medium tabular-nums">{summary.version}</dd>
            </div>
            <div>
              <dt className="text-slate-500">{t('started')}</dt>
              <dd className="font-medium">{when(summary.startedAt)}</dd>
            </div>
            <div>
              <dt className="text-slate-500">{t('lastChanged')}</dt>
              <dd className="font-medium">{when(summary.updatedAt)}</dd>
            </div>
            <div>
              <dt className="text-slate-500">{t('lastType')}</dt>
              <dd className="font-medium">{summary.lastType}</dd>
            </div>
          </dl>
        )}
      </header>
      <div className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white px-5 py-4 shadow-sm">
        {history.events.length === 0 ? <p className="py-6 text-center text-sm text-slate-500">{t('emptyFiltered')}</p> : <EventTable slug={workspace.slug} events={history.events} showStream={false} />}
        <Pager
          newestHref={input.data.before ? browserHref(workspace.slug, '/stream', { id: history.streamId }) : undefined}
          olderHref={history.nextBefore ? browserHref(workspace.slug, '/stream', { id: history.streamId, before: history.nextBefore }) : undefined}
        />
      </div>
    </section>
  );
}
