/**
 * Documents put through the real workflow by a test: staged through the real
 * storage and recorded by the command the upload route calls, then waited
 * for until their workflow has ended or they reach a status.
 */
import { Readable } from 'node:stream';
import { readStream, type StoredEvent } from '@/server/events';
import { documentStream, getDocument, requestDocumentUpload, type DocumentKind, type DocumentStatus } from '@/server/documents';
import { getBlobStorage } from '@/server/documents/storage';
import { waitFor } from './waitFor';

/** Uploads `bytes` into the workspace as `userId` (null: as a program with an API token). */
export async function uploadAs(uploader: { tenantId: string; userId: string | null }, bytes: Buffer, kind: DocumentKind, fileName = `file.${kind}`) {
  const staged = await getBlobStorage().stage(Readable.from([bytes]), { maxBytes: 25 * 1024 * 1024 });
  const actor = uploader.userId ? { kind: 'user' as const, id: uploader.userId } : { kind: 'system' as const, id: 'upload-test' };
  const caller = { tenantId: uploader.tenantId, actor, userId: uploader.userId, role: 'owner' as const };
  return requestDocumentUpload(caller, { fileName, kind, contentType: 'application/octet-stream', ...staged });
}

/** An event as a timeline names it: its type, and the step for step events. */
export const stepName = (event: StoredEvent) => event.type + ('step' in (event.data as object) ? `:${(event.data as { step: string }).step}` : '');

/** The document's stream once its workflow has ended: the notify step completed or skipped, or a step failed for good. */
export function workflowEnded(tenantId: string, documentId: string, timeoutMs = 20_000): Promise<StoredEvent[]> {
  return waitFor(
    async () => {
      const events = await readStream({ tenantId }, documentStream(documentId));
      const ends = ['WorkflowStepCompleted:notify', 'WorkflowStepSkipped:notify'];
      return events.some((event) => ends.includes(stepName(event)) || event.type === 'DocumentProcessingFailed') ? events : undefined;
    },
    `the workflow of document ${documentId} to end`,
    timeoutMs,
  );
}

/** The document's row once it has `status`. */
export function documentWithStatus(tenantId: string, documentId: string, status: DocumentStatus, timeoutMs = 20_000) {
  return waitFor(
    async () => {
      const row = await getDocument(tenantId, documentId);
      return row.status === status ? row : undefined;
    },
    `document ${documentId} to be ${status}`,
    timeoutMs,
  );
}
