import { getTranslations } from 'next-intl/server';
import Link from 'next/link';

type Filters = { type?: string; streamId?: string; correlationId?: string };

/** A plain GET form: filters live in the URL, so a filtered view can be shared and bookmarked. */
export async function EventFilters({ action, types, current }: { action: string; types: string[]; current: Filters }) {
  const t = await getTranslations('events');
  const field = 'rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600';
  const label = 'text-sm font-medium text-slate-700';
  return (
    <form action={action} method="get" role="search" aria-label={t('filtersLabel')} className="flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <label className="flex flex-col gap-1">
        <span className={label}>{t('type')}</span>
        <select name="type" defaultValue={current.type ?? ''} className={field}>
          <option value="">{t('anyType')}</option>
          {types.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1">
        <span className={label}>{t('stream')}</span>
        <input name="streamId" defaultValue={current.streamId} className={`${field} font-mono`} />
      </label>
      <label className="flex min-w-72 flex-col gap-1">
        <span className={label}>{t('correlationId')}</span>
        <input name="correlationId" defaultValue={current.correlationId} className={`${field} font-mono`} spellCheck={false} />
      </label>
      <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700">
        {t('filter')}
      </button>
      {(current.type || current.streamId || current.correlationId) && (
        <Link href={action} className="px-2 py-2 text-sm font-medium text-brand-700 hover:underline">
          {t('clearFilters')}
        </Link>
      )}
    </form>
  );
}
