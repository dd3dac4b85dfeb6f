import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { requireSessionUser } from '@/server/auth';
import { CreateWorkspaceForm } from './CreateWorkspaceForm';

export async function generateMetadata() {
  return { title: (await getTranslations('workspaces'))('createTitle') };
}

export default async function NewWorkspacePage() {
  await requireSessionUser('/workspaces/new');
  const t = await getTranslations('workspaces');
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-6 p-6">
      <Link href="/" className="text-3xl font-bold tracking-tight text-brand-700">
        Tramite
      </Link>
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="mb-1 text-xl font-semibold">{t('createTitle')}</h1>
        <p className="mb-4 text-sm text-slate-600">{t('createBody')}</p>
        <CreateWorkspaceForm />
      </div>
    </main>
  );
}
