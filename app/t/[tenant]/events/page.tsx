import { getTranslations } from 'next-intl/server';
import { FormError } from '@/app/_components/FormError';
import { browseEvents, browseEventsInput, listEventTypes } from '@/server/events';
import { EventFilters } from './EventFilters';
import { EventTable, Pager } from './EventTable';
import { browsableWorkspace, browserHref, single } from './browsableWorkspace';

export async function generateMetadata() {
  return { title: (await getTranslations('events'))('title') };
}

type Props = { params: Promise<{ tenant: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The workspace's event log, newest first, filtered by type, stream or correlation id, paged by position. */
export default async function EventsPage({ params, searchParams }: Props) {
  const workspace = await browsableWorkspace((await params).tenant);
  const query = await searchParams;
  const asked = { type: single(query.type) || undefined, streamId: single(query.streamId) || undefined, correlationId: single(query.correlationId) || undefined };
  const input = browseEventsInput.safeParse({ ...asked, before: single(query.before) || undefined });
  const scope = { tenantId: workspace.id };
  const [types, page] = await Promise.all([listEventTypes(scope), input.success ? browseEvents(scope, input.data) : null]);
  const t = await getTranslations('events');
  const filtered = Boolean(asked.type || asked.streamId || asked.correlationId);

  return (
    <section aria-labelledby="events-title" className="flex flex-col gap-4">
      <header>
        <h1 id="events-title" className="text-2xl font-semibold">
          {t('title')}
        </h1>
        <p className="mt-1 max-w-3xl text-sm leading-6 text-slate-600">{t('intro', { workspace: workspace.name })}</p>
      </header>
      <EventFilters action={browserHref(workspace.slug, '', {})} types={types} current={asked} />
      <FormError messageKey={input.success ? undefined : 'events.invalidFilters'} />
      {page && (
        <div className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white px-5 py-4 shadow-sm">
          {page.events.length === 0 ? (
            <p className="py-6 text-center text-sm text-slate-500">{filtered ? t('emptyFiltered') : t('empty')}</p>
          ) : (
            <EventTable slug={workspace.slug} events={page.events} />
          )}
          <Pager
            newestHref={input.data?.before ? browserHref(workspace.slug, '', asked) : undefined}
            olderHref={page.nextBefore ? browserHref(workspace.slug, '', { ...asked, before: page.nextBefore }) : undefined}
          />
        </div>
      )}
    </section>
  );
}
