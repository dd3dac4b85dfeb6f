import { getFormatter, getTranslations } from 'next-intl/server';
import Link from 'next/link';
import type { StoredEvent } from '@/server/events';
import { browserHref } from './browsableWorkspace';

/** A page of events, newest first: each links to itself, its stream and everything of its correlation. */
export async function EventTable({ slug, events, showStream = true }: { slug: string; events: StoredEvent[]; showStream?: boolean }) {
  const t = await getTranslations('events');
  const format = await getFormatter();
  const th = 'py-2 pr-4 font-medium';
  const link = 'text-brand-700 hover:underline';
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className={th}>{t('position')}</th>
            <th scope="col" className={th}>{t('type')}</th>
            {showStream && <th scope="col" className={th}>{t('stream')}</th>}
            <th scope="col" className={th}>{t('version')}</th>
            <th scope="col" className={th}>{t('recorded')}</th>
            <th scope="col" className={th}>{t('correlation')}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {events.map((event) => (
            <tr key={event.eventId}>
              <td className="whitespace-nowrap py-3 pr-4 font-mono text-xs">
                <Link href={browserHref(slug, `/${event.eventId}`, {})} className={link} aria-label={t('openEvent', { position: event.position, type: event.type })}>
                  {event.position}
                </Link>
              </td>
              <td className="py-3 pr-4 font-medium">
                <Link href={browserHref(slug, `/${event.eventId}`, {})} className={link}>
                  {event.type}
                </Link>
              </td>
              {showStream && (
                <td className="max-w-56 truncate py-3 pr-4 font-mono text-xs">
                  <Link href={browserHref(slug, '/stream', { id: event.streamId })} className={link} title={event.streamId}>
                    {event.streamId}
                  </Link>
                </td>
              )}
              <td className="py-3 pr-4 tabular-nums">{event.streamVersion}</td>
              <td className="whitespace-nowrap py-3 pr-4">{format.dateTime(event.recordedAt, { dateStyle: 'medium', timeStyle: 'medium' })}</td>
              <td className="py-3 pr-4 font-mono text-xs">
                <Link href={browserHref(slug, '', { correlationId: event.metadata.correlationId })} className={link} title={event.metadata.correlationId}>
                  {event.metadata.correlationId.slice(0, 8)}…
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Links to the newest page and to the next older one (keyset: `before` is a position). */
export async function Pager({ newestHref, olderHref }: { newestHref?: string; olderHref?: string }) {
  const t = await getTranslations('events');
  if (!newestHref && !olderHref) return null;
  const button = 'rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50';
  return (
    <nav aria-label={t('pages')} className="flex justify-between gap-2">
      {newestHref ? <Link href={newestHref} className={button}>{t('newest')}</Link> : <span />}
      {olderHref && (
        <Link href={olderHref} className={button} rel="next">
          {t('older')}
        </Link>
      )}
    </nav>
  );
}
