import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { can, roles } from '@/server/tenancy';
import { currentWorkspace } from '../../currentWorkspace';
import { CreateTokenForm } from './CreateTokenForm';
import { TokenList } from './TokenList';

export async function generateMetadata() {
  return { title: (await getTranslations('tokens'))('title') };
}

const code = (chunks: React.ReactNode) => <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs text-slate-800">{chunks}</code>;

export default async function TokensPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { workspace } = await currentWorkspace((await params).tenant);
  // The same 404 as for a page that does not exist: the role cannot use it.
  if (!can(workspace.role, 'tokens.manage')) notFound();
  const t = await getTranslations('tokens');
  return (
    <section aria-labelledby="tokens-title" className="flex flex-col gap-6">
      <header>
        <h1 id="tokens-title" className="text-2xl font-semibold">
          {t('title')}
        </h1>
        <p className="mt-1 max-w-3xl text-sm leading-6 text-slate-600">{t.rich('intro', { slug: workspace.slug, code })}</p>
      </header>
      {/* A token acts for the workspace, never as an owner: owners are people. */}
      <CreateTokenForm roles={roles.filter((role) => role !== 'owner')} />
      <TokenList />
    </section>
  );
}
