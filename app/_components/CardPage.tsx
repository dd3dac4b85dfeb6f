import { getTranslations } from 'next-intl/server';
import { LanguageSwitcher } from './LanguageSwitcher';

/** A page outside any workspace: the brand, one centred card, the language switcher. */
export async function CardPage({ children }: { children: React.ReactNode }) {
  const t = await getTranslations('app');
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-6 p-6">
      <div className="text-center">
        <p className="text-3xl font-bold tracking-tight text-brand-700">Tramite</p>
        <p className="mt-1 text-sm text-slate-600">{t('tagline')}</p>
      </div>
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-6 shadow-sm">{children}</div>
      <LanguageSwitcher />
    </main>
  );
}
