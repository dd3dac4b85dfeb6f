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
export { requestDocumentUpload, recordUploadRefused, resumeDocument, cancelDocument, type Caller, type ReceivedFile } from './commands';
export { listDocuments, getDocument, documentTimeline, documentTextPreview, textPreviewChars } from './queries';
export { documentKinds, documentStatuses, type Document, type DocumentKind, type DocumentStatus } from './schema';
export { documentWorkflow } from './documentWorkflow';
export { documentReadyNotification, documentFailedNotification } from './notifications';
import './liveUpdates';
