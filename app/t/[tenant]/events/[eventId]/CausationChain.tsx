import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import type { StoredEvent } from '@/server/events';
import { browserHref } from '../browsableWorkspace';

/** The events that led to this one (from the command down), this one, and what it caused directly. */
export async function CausationChain({ slug, parents, event, caused }: { slug: string; parents: StoredEvent[]; event: StoredEvent; caused: StoredEvent[] }) {
  const t = await getTranslations('events');
  const item = (other: StoredEvent) => (
    <Link href={browserHref(slug, `/${other.eventId}`, {})} className="text-brand-700 hover:underline">
      <span className="font-medium">{other.type}</span> <span className="font-mono text-xs text-slate-500">#{other.position}</span>
    </Link>
  );
  return (
    <div className="flex flex-col gap-4 text-sm">
      <div>
        <h3 className="font-medium text-slate-700">{t('causedBy')}</h3>
        {parents.length === 0 ? (
          <p className="mt-1 text-slate-500">{t('noCauses')}</p>
        ) : (
          <ol className="mt-1 flex flex-col gap-1 border-l-2 border-slate-200 pl-3">
            {parents.map((parent) => (
              <li key={parent.eventId}>{item(parent)}</li>
            ))}
            <li aria-current="true" className="font-medium text-slate-900">
              {event.type} <span className="font-mono text-xs text-slate-500">#{event.position}</span> — {t('thisEvent')}
            </li>
          </ol>
        )}
      </div>
      <div>
        <h3 className="font-medium text-slate-700">{t('caused')}</h3>
        {caused.length === 0 ? (
          <p className="mt-1 text-slate-500">{t('noChildren')}</p>
        ) : (
          <ul className="mt-1 flex flex-col gap-1 border-l-2 border-brand-100 pl-3">
            {caused.map((child) => (
              <li key={child.eventId}>{item(child)}</li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
