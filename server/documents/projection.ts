import { defineProjection } from '@/server/events';
import { WorkflowCancelled, WorkflowResumed, WorkflowStepStarted } from '@/server/workflows';
import {
  DocumentProcessingCompleted,
  DocumentProcessingFailed,
  DocumentReady,
  DocumentUploaded,
  DocumentUploadRequested,
} from './events';
import { documents } from './schema';

/**
 * The documents list and detail pages read this; it is rebuilt from the log
 * by `npm run projections:rebuild documents`. Applied in SQL
 * (`project_documents`, migrations 0015 and 0016), in the append's own statement:
 * every step of every document changes it, and a step's start is then one
 * statement, not a transaction of five. A step shows as its status (store:
 * uploading, process: processing, index: indexing, notify: ready) from the
 * outcome that enqueues it (migration 0019): a short step records its start
 * only with its outcome, and a document must not show a step it has done
 * while the next one waits or runs. A start that changes nothing shown
 * leaves the row as it is.
 */
export const documentsProjection = defineProjection({
  name: 'documents',
  tables: [documents],
  events: [DocumentUploadRequested, DocumentUploaded, DocumentProcessingCompleted, DocumentProcessingFailed, DocumentReady, WorkflowStepStarted, WorkflowResumed, WorkflowCancelled],
  sqlFunction: 'project_documents',
});
