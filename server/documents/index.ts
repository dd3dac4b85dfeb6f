import 'server-only';
export {
  DocumentUploadRequested,
  DocumentUploadFailed,
  DocumentUploaded,
  DocumentProcessingStarted,
  DocumentProcessingCompleted,
  DocumentProcessingFailed,
  DocumentReady,
  NotificationFailed,
  documentStream,
} from './events';
export { documentsProjection } from './projection';
export { requestDocumentUpload, recordUploadRefused, resumeDocument, resumeDocuments, cancelDocument, type Caller, type ReceivedFile, type ResumeOutcome } from './commands';
export { listDocuments, listDocumentsInStatus, runningStatuses, getDocument, documentTimeline, documentTextPreview, textPreviewChars } from './queries';
export { documentKinds, documentStatuses, type Document, type DocumentKind, type DocumentStatus } from './schema';
export { documentWorkflow } from './documentWorkflow';
export { documentReadyNotification, documentFailedNotification } from './notifications';
import './liveUpdates';
