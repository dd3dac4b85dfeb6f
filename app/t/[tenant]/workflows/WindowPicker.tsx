import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { metricsWindows, type MetricsWindow } from '@/server/workflows';

/** Links, not a form: the period lives in the URL, so a view can be shared and reloaded. */
export async function WindowPicker({ slug, current }: { slug: string; current: MetricsWindow }) {
  const t = await getTranslations('workflows.window');
  return (
    <nav aria-label={t('label')} className="flex gap-1 rounded-lg border border-slate-200 bg-white p-1 text-sm shadow-sm">
      {metricsWindows.map((window) => (
        <Link
          key={window}
          href={`/t/${slug}/workflows?window=${window}`}
          aria-current={window === current ? 'page' : undefined}
          className="rounded-md px-3 py-1.5 font-medium text-slate-700 hover:bg-slate-100 aria-[current=page]:bg-brand-600 aria-[current=page]:text-white"
        >
          {t(window)}
        </Link>
      ))}
    </nav>
  );
}
