import { getTranslations } from 'next-intl/server';
import { documentPermissions } from '../permissions';
import { currentWorkspace } from '../../currentWorkspace';
import { DocumentDetail } from './DocumentDetail';

export async function generateMetadata() {
  return { title: (await getTranslations('documents'))('detailTitle') };
}

export default async function DocumentPage({ params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant, id } = await params;
  const { user, workspace } = await currentWorkspace(tenant);
  return (
    <DocumentDetail
      tenant={workspace.slug}
      documentId={id}
      permissions={documentPermissions(user.id, workspace)}
    />
  );
}
