import { errorResponse, routeCaller } from '@/server/api';
import { recordUploadRefused, requestDocumentUpload } from '@/server/documents';
import { maxUploadBytes, receiveUpload, UploadRefusedError } from '@/server/documents/upload';
import { observeRoute } from '@/server/observability';
import { can } from '@/server/tenancy';

/**
 * POST /api/uploads — multipart/form-data with one `file`, `x-tenant: <slug>`,
 * a session cookie or `Authorization: Bearer <token>`. Answers 201 {documentId};
 * a refused file answers 413/415/422 with a message in the caller's language,
 * records DocumentUploadFailed and keeps nothing.
 */
export const POST = observeRoute('/api/uploads', async (request: Request): Promise<Response> => {
  const resolved = await routeCaller(request, request.headers.get('x-tenant'));
  if ('refusal' in resolved) return resolved.refusal;
  const { caller, locale, userId } = resolved;
  if (!can(caller.tenant.role, 'documents.upload')) return errorResponse(403, locale, 'errors.forbidden');
  const documentCaller = { tenantId: caller.tenant.id, actor: caller.actor, userId, role: caller.tenant.role };
  try {
    const received = await receiveUpload(request, { maxBytes: maxUploadBytes() });
    const { documentId } = await requestDocumentUpload(documentCaller, received);
    return Response.json({ documentId }, { status: 201 });
  } catch (error) {
    if (!(error instanceof UploadRefusedError)) throw error;
    await recordUploadRefused(documentCaller, { fileName: error.fileName ?? '', reason: error.messageKey, sizeBytes: error.sizeBytes ?? null });
    return errorResponse(error.status, locale, error.messageKey, error.params);
  }
});
