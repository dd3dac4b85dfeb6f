import { and, eq } from 'drizzle-orm';
import type { Transaction } from '@/server/db';
import { defineProjection } from '@/server/events';
import { WorkflowCancelled, WorkflowResumed, WorkflowStepStarted } from '@/server/workflows';
import {
  DocumentProcessingCompleted,
  DocumentProcessingFailed,
  DocumentReady,
  DocumentUploaded,
  DocumentUploadRequested,
} from './events';
import { documents, type DocumentStatus } from './schema';

/** The status a document shows while a step runs. */
const statusOfStep: Record<string, DocumentStatus> = { store: 'uploading', process: 'processing', index: 'indexing', notify: 'ready' };

/** A step running: its status, and the step as current unless the document is already Ready (notify runs after; nothing records its end here). */
const running = (step: string) => {
  const status = statusOfStep[step] ?? 'processing';
  return { status, currentStep: status === 'ready' ? null : step, failureReason: null };
};

async function update(tx: Transaction, tenantId: string, id: string, values: Partial<typeof documents.$inferInsert>, at: Date) {
  await tx
    .update(documents)
    .set({ ...values, updatedAt: at })
    .where(and(eq(documents.tenantId, tenantId), eq(documents.id, id)));
}

/** The documents list and detail pages read this; it is rebuilt from the log by `npm run projections:rebuild documents`. */
export const documentsProjection = defineProjection({
  name: 'documents',
  tables: [documents],
  events: [DocumentUploadRequested, DocumentUploaded, DocumentProcessingCompleted, DocumentProcessingFailed, DocumentReady, WorkflowStepStarted, WorkflowResumed, WorkflowCancelled],
  apply: async (event, tx) => {
    const at = event.recordedAt;
    if (DocumentUploadRequested.is(event)) {
      const { documentId, fileName, kind, contentType, sizeBytes, sha256, uploadedBy } = event.data;
      const file = { fileName, kind, contentType, sizeBytes, sha256, uploadedBy };
      await tx
        .insert(documents)
        .values({ id: documentId, tenantId: event.tenantId, ...file, status: 'uploading', currentStep: 'store', createdAt: at, updatedAt: at })
        .onConflictDoNothing();
      return;
    }
    const id = (event.data as { documentId?: string; subjectId?: string }).documentId ?? (event.data as { subjectId: string }).subjectId;
    if (WorkflowStepStarted.is(event) && event.data.workflow === 'document') {
      await update(tx, event.tenantId, id, running(event.data.step), at);
    } else if (WorkflowResumed.is(event) && event.data.workflow === 'document') {
      await update(tx, event.tenantId, id, running(event.data.step), at);
    } else if (WorkflowCancelled.is(event) && event.data.workflow === 'document') {
      await update(tx, event.tenantId, id, { status: 'cancelled' }, at);
    } else if (DocumentUploaded.is(event)) {
      await update(tx, event.tenantId, id, { storageKey: event.data.storageKey, duplicateOf: event.data.duplicateOf }, at);
    } else if (DocumentProcessingCompleted.is(event)) {
      const { pageCount, wordCount, language } = event.data;
      await update(tx, event.tenantId, id, { pageCount, wordCount, language }, at);
    } else if (DocumentProcessingFailed.is(event)) {
      await update(tx, event.tenantId, id, { status: 'failed', currentStep: event.data.step, failureReason: event.data.reason }, at);
    } else if (DocumentReady.is(event)) {
      await update(tx, event.tenantId, id, { status: 'ready', currentStep: null }, at);
    }
  },
});
