import { getFormatter, getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { eventWithCausation } from '@/server/events';
import { Panel } from '@/app/_components/Panel';
import { browsableWorkspace, browserHref } from '../browsableWorkspace';
import { CausationChain } from './CausationChain';

type Props = { params: Promise<{ tenant: string; eventId: string }> };

export async function generateMetadata() {
  return { title: (await getTranslations('events'))('eventTitle') };
}

/** One event as stored: its place in the log and its stream, its data and metadata, and its causation chain. */
export default async function EventPage({ params }: Props) {
  const { tenant, eventId } = await params;
  const workspace = await browsableWorkspace(tenant);
  const found = await eventWithCausation({ tenantId: workspace.id }, eventId);
  if (!found) notFound();
  const { event, parents, children } = found;
  const t = await getTranslations('events');
  const format = await getFormatter();
  const link = 'text-brand-700 hover:underline';
  const facts: { term: string; value: React.ReactNode }[] = [
    { term: t('position'), value: <span className="tabular-nums">{event.position}</span> },
    {
      term: t('stream'),
      value: (
        <Link href={browserHref(workspace.slug, '/stream', { id: event.streamId })} className={`${link} break-all font-mono text-xs`}>
          {event.streamId}
        </Link>
      ),
    },
    { term: t('version'), value: <span className="tabular-nums">{event.streamVersion}</span> },
    { term: t('recorded'), value: format.dateTime(event.recordedAt, { dateStyle: 'medium', timeStyle: 'medium' }) },
    { term: t('schemaVersion'), value: event.schemaVersion },
    { term: t('eventId'), value: <span className="break-all font-mono text-xs">{event.eventId}</span> },
    {
      term: t('correlationId'),
      value: (
        <Link href={browserHref(workspace.slug, '', { correlationId: event.metadata.correlationId })} className={`${link} break-all font-mono text-xs`}>
          {event.metadata.correlationId}
        </Link>
      ),
    },
    { term: t('transactionId'), value: <span className="font-mono text-xs">{event.transactionId}</span> },
  ];

  return (
    <section aria-labelledby="event-title" className="flex flex-col gap-4">
      <header className="flex flex-col gap-1">
        <Link href={browserHref(workspace.slug, '', {})} className="text-sm font-medium text-brand-700 hover:underline">
          ← {t('allEvents')}
        </Link>
        <h1 id="event-title" className="text-2xl font-semibold">
          {event.type}
        </h1>
        <dl className="mt-2 grid max-w-4xl grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
          {facts.map(({ term, value }) => (
            <div key={term} className="flex gap-2">
              <dt className="w-32 shrink-0 text-slate-500">{term}</dt>
              <dd className="min-w-0 font-medium">{value}</dd>
            </div>
          ))}
        </dl>
      </header>
      {/* grid-cols-1: a column as wide as the page, not as its widest JSON line; the JSON scrolls inside its card. */}
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <Panel id="event-data" title={t('data')}>
          <Json value={event.data} />
        </Panel>
        <Panel id="event-metadata" title={t('metadata')}>
          <Json value={event.metadata} />
        </Panel>
      </div>
      <Panel id="event-causation" title={t('causation')} description={t('causationHelp')}>
        <CausationChain slug={workspace.slug} parents={parents} event={event} caused={children} />
      </Panel>
    </section>
  );
}

function Json({ value }: { value: unknown }) {
  return <pre className="overflow-x-auto rounded-md bg-slate-50 p-3 font-mono text-xs leading-5 text-slate-800">{JSON.stringify(value, null, 2)}</pre>;
}
