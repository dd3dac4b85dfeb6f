import { buffer } from 'node:stream/consumers';
import { and, eq, ne } from 'drizzle-orm';
import { inSavepoint } from '@/server/db';
import { readStream, NonRetryableError, subscribe, type StoredEvent } from '@/server/events';
import { notify } from '@/server/notifications';
import { defineWorkflow, exponentialRetry, type StepContext } from '@/server/workflows';
import {
  DocumentProcessingCompleted,
  DocumentProcessingFailed,
  DocumentProcessingStarted,
  DocumentReady,
  DocumentUploaded,
  DocumentUploadRequested,
  documentStream,
  NotificationFailed,
} from './events';
import { documentFailedNotification, documentReadyNotification, recordFailedDeliveries } from './notifications';
import { extractText, isUnreadableFileReason } from './processing';
import { indexStoredText } from './search';
import { documents, documentTexts } from './schema';
import { getBlobStorage } from './storage';

/** The facts the earlier steps recorded about this document, read back from its stream. */
async function recorded(context: StepContext) {
  const history = await context.history();
  const find = <T>(is: (event: StoredEvent) => event is StoredEvent<string, T>) => history.findLast(is)?.data;
  return { request: find(DocumentUploadRequested.is)!, upload: find(DocumentUploaded.is), processed: find(DocumentProcessingCompleted.is) };
}

/**
 * The document workflow, as in ARCHITECTURE.md:
 *   DocumentUploadRequested → OnUploadRequested (store)  → DocumentUploaded
 *   DocumentUploaded        → OnUploaded (process)       → DocumentProcessingCompleted
 *   DocumentProcessingCompleted → OnProcessed (index)    → DocumentReady
 *   DocumentReady           → OnReady (notify the uploader; a failed delivery → NotificationFailed)
 * Each step retries with exponential backoff and jitter, capped; an
 * unreadable file fails at once. A failed workflow resumes at its failed step.
 */
export const documentWorkflow = defineWorkflow({
  name: 'document',
  streamOf: documentStream,
  pathOf: (documentId) => `/documents/${documentId}`,
  subjectOf: (event) => (event.data as { documentId?: string; subjectId?: string }).documentId ?? (event.data as { subjectId: string }).subjectId,
  isActive: async (tx, documentId) => {
    // No row lock: the step's own events update this row from another transaction (see defineWorkflow).
    const [row] = await tx.select({ status: documents.status }).from(documents).where(eq(documents.id, documentId));
    return !!row && row.status !== 'cancelled' && row.status !== 'failed';
  },
  failed: (documentId, step, reason) => [DocumentProcessingFailed.create({ documentId, step, reason })],
  steps: [
    {
      name: 'store',
      handler: 'OnUploadRequested',
      after: [DocumentUploadRequested],
      retry: exponentialRetry(5, 2, 60),
      timeoutSeconds: 120,
      slowAfterSeconds: 30,
      run: async (context) => {
        const { request } = await recorded(context);
        const storageKey = await getBlobStorage().promote(request.stagingKey, { tenantId: context.tenantId, sha256: request.sha256 });
        const [original] = await context.tx
          .select({ id: documents.id })
          .from(documents)
          .where(and(eq(documents.tenantId, context.tenantId), eq(documents.sha256, request.sha256), ne(documents.id, context.subjectId)))
          .orderBy(documents.createdAt)
          .limit(1);
        return [DocumentUploaded.create({ documentId: context.subjectId, storageKey, duplicateOf: original?.id ?? null })];
      },
    },
    {
      name: 'process',
      handler: 'OnUploaded',
      after: [DocumentUploaded],
      retry: exponentialRetry(3, 2, 60),
      timeoutSeconds: 300,
      // Large PDFs take a while; a minute and a half is already unusual.
      slowAfterSeconds: 90,
      startedEvents: (documentId) => [DocumentProcessingStarted.create({ documentId })],
      run: async (context) => {
        const { request, upload } = await recorded(context);
        const bytes = await buffer(await getBlobStorage().open(upload!.storageKey));
        // A corrupt or encrypted file throws UnreadableDocumentError, which is non-retryable: the step fails at once.
        const extracted = await extractText({ bytes, kind: request.kind });
        await context.tx
          .insert(documentTexts)
          .values({ documentId: context.subjectId, tenantId: context.tenantId, body: extracted.text })
          .onConflictDoUpdate({ target: documentTexts.documentId, set: { body: extracted.text } });
        const { pageCount, wordCount, language } = extracted;
        return [DocumentProcessingCompleted.create({ documentId: context.subjectId, pageCount, wordCount, language })];
      },
    },
    {
      name: 'index',
      handler: 'OnProcessed',
      after: [DocumentProcessingCompleted],
      retry: exponentialRetry(5, 2, 60),
      timeoutSeconds: 120,
      slowAfterSeconds: 30,
      run: async (context) => {
        const { processed } = await recorded(context);
        const indexed = await indexStoredText(context.tx, { tenantId: context.tenantId, documentId: context.subjectId, language: processed!.language });
        if (!indexed) throw new NonRetryableError(`No extracted text for ${context.subjectId}`);
        return [DocumentReady.create({ documentId: context.subjectId })];
      },
    },
    {
      name: 'notify',
      handler: 'OnReady',
      after: [DocumentReady],
      retry: exponentialRetry(3, 2, 30),
      timeoutSeconds: 60,
      slowAfterSeconds: 20,
      // Uploaded with an API token: no person to tell, so the step is recorded as skipped and never runs.
      skipWhen: (history) => (history.findLast(DocumentUploadRequested.is)?.data.uploadedBy ? undefined : 'noPersonToNotify'),
      run: async (context) => {
        const { request } = await recorded(context);
        if (!request.uploadedBy) return []; // skipped before it gets here (skipWhen)
        const params = { documentId: context.subjectId, fileName: request.fileName };
        const onFailed = recordFailedDeliveries(context.tenantId, context.subjectId);
        try {
          // Under its own savepoint: if even the database delivery fails for good, the document stays Ready.
          await inSavepoint(context.tx, (tx) =>
            notify(tx, { tenantId: context.tenantId, recipients: [request.uploadedBy!], notification: documentReadyNotification, params, onFailed }),
          );
          return [];
        } catch (error) {
          if (context.delivery?.willRetry) throw error;
          return [NotificationFailed.create({ documentId: context.subjectId, channel: 'database', reason: (error as Error).message.slice(0, 500) })];
        }
      },
    },
  ],
});

/** After the last retry of any step: the uploader hears which step failed and why. */
subscribe({
  name: 'NotifyUploaderOfFailure',
  mode: 'async',
  events: [DocumentProcessingFailed],
  retry: { retryLimit: 3, retryDelay: 2, retryBackoff: true, retryDelayMax: 30 },
  readsStream: true,
  handle: async (event, context) => {
    // The failure is appended to the document's stream, which the claim read.
    const history = context.stream ?? (await readStream(context, documentStream(event.data.documentId)));
    const request = history.find(DocumentUploadRequested.is)?.data;
    if (!request?.uploadedBy) return;
    await notify(context.tx, {
      tenantId: context.tenantId,
      recipients: [request.uploadedBy],
      notification: documentFailedNotification,
      params: {
        documentId: event.data.documentId,
        fileName: request.fileName,
        step: event.data.step,
        reason: event.data.reason,
        // The message offers to resume only where resuming can help.
        resumable: isUnreadableFileReason(event.data.reason) ? ('no' as const) : ('yes' as const),
      },
      onFailed: recordFailedDeliveries(context.tenantId, event.data.documentId),
    });
  },
});
