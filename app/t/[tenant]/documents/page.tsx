import { getTranslations } from 'next-intl/server';

export async function generateMetadata() {
  return { title: (await getTranslations('documents'))('title') };
}

export default async function DocumentsPage() {
  const t = await getTranslations('documents');
  return (
    <section aria-labelledby="documents-title" className="flex flex-col gap-4">
      <h1 id="documents-title" className="text-2xl font-semibold">
        {t('title')}
      </h1>
      <div className="rounded-xl border border-dashed border-slate-300 bg-white p-10 text-center">
        <p className="font-medium">{t('emptyTitle')}</p>
        <p className="mt-1 text-sm text-slate-600">{t('emptyBody')}</p>
      </div>
    </section>
  );
}
