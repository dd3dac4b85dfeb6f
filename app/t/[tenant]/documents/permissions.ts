import { can, type TenantSummary } from '@/server/tenancy';
import type { DocumentPermissions } from './DocumentActions';

/** What the signed-in person may do to documents here, for the pages to show only those buttons. */
export function documentPermissions(userId: string, workspace: TenantSummary): DocumentPermissions {
  return {
    userId,
    resumeAny: can(workspace.role, 'documents.resumeAny'),
    resumeOwn: can(workspace.role, 'documents.resumeOwn'),
    cancelAny: can(workspace.role, 'documents.cancelAny'),
    cancelOwn: can(workspace.role, 'documents.cancelOwn'),
  };
}
