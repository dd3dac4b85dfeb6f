import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { getSessionUser } from '@/server/auth';
import { LanguageSwitcher } from '@/app/_components/LanguageSwitcher';

/** Sign-in and sign-up: a centred card; signed-in people go straight to their workspace. */
export default async function AuthLayout({ children }: { children: React.ReactNode }) {
  if (await getSessionUser()) redirect('/');
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
