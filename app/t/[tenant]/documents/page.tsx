import { getTranslations } from 'next-intl/server';
import { can } from '@/server/tenancy';
import { acceptedExtensions, maxUploadBytes } from '@/server/documents/upload';
import { documentPermissions } from './permissions';
import { currentWorkspace } from '../currentWorkspace';
import { DocumentList } from './DocumentList';
import { Uploader } from './Uploader';

export async function generateMetadata() {
  return { title: (await getTranslations('documents'))('title') };
}

export default async function DocumentsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { user, workspace } = await currentWorkspace((await params).tenant);
  const t = await getTranslations('documents');
  return (
    <section aria-labelledby="documents-title" className="flex flex-col gap-6">
      <h1 id="documents-title" className="text-2xl font-semibold">
        {t('title')}
      </h1>
      {can(workspace.role, 'documents.upload') && <Uploader tenant={workspace.slug} maxBytes={maxUploadBytes()} accept={acceptedExtensions} />}
      <DocumentList
        tenant={workspace.slug}
        permissions={documentPermissions(user.id, workspace)}
      />
    </section>
  );
}
