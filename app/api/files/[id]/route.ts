import { z } from 'zod';
import { errorResponse, routeCaller } from '@/server/api';
import { getDocument } from '@/server/documents';
import { blobResponse } from '@/server/documents/upload';
import { AppError } from '@/server/errors';
import { observeRoute } from '@/server/observability';

/**
 * GET /api/files/<id>?tenant=<slug> (or the `x-tenant` header): the stored
 * file, streamed, always as an attachment and never sniffed into something
 * the browser would render.
 */
export const GET = observeRoute('/api/files/[id]', async (request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> => {
  const slug = request.headers.get('x-tenant') ?? new URL(request.url).searchParams.get('tenant');
  const resolved = await routeCaller(request, slug);
  if ('refusal' in resolved) return resolved.refusal;
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) return errorResponse(404, resolved.locale, 'documents.notFound');
  try {
    const document = await getDocument(resolved.caller.tenant.id, id.data);
    if (!document.storageKey) return errorResponse(409, resolved.locale, 'documents.notStoredYet');
    return blobResponse(document.storageKey, { fileName: document.fileName, contentType: document.contentType });
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return errorResponse(404, resolved.locale, 'documents.notFound');
    throw error;
  }
});
