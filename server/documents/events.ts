import { z } from 'zod';
import { defineEvent } from '@/server/events';
import { documentKinds } from './schema';

const documentId = z.uuid();

/** The names come from the original design (see ARCHITECTURE.md); the workflow reads like its diagram. */
export const DocumentUploadRequested = defineEvent('DocumentUploadRequested', {
  schemaVersion: 1,
  schema: z.object({
    documentId,
    fileName: z.string().min(1),
    kind: z.enum(documentKinds),
    contentType: z.string(),
    sizeBytes: z.number().int().positive(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    stagingKey: z.string().min(1),
    uploadedBy: z.uuid().nullable(),
  }),
});
/** A refused upload: nothing was stored; the reason is an i18n key. */
export const DocumentUploadFailed = defineEvent('DocumentUploadFailed', {
  schemaVersion: 1,
  schema: z.object({ documentId, fileName: z.string(), reason: z.string(), sizeBytes: z.number().int().nonnegative().nullable() }),
});
export const DocumentUploaded = defineEvent('DocumentUploaded', {
  schemaVersion: 1,
  schema: z.object({ documentId, storageKey: z.string().min(1), duplicateOf: z.uuid().nullable() }),
});
export const DocumentProcessingStarted = defineEvent('DocumentProcessingStarted', { schemaVersion: 1, schema: z.object({ documentId }) });
export const DocumentProcessingCompleted = defineEvent('DocumentProcessingCompleted', {
  schemaVersion: 1,
  schema: z.object({
    documentId,
    pageCount: z.number().int().nonnegative().nullable(),
    wordCount: z.number().int().nonnegative(),
    language: z.enum(['en', 'es', 'other']),
  }),
});
/** The workflow stopped at `step` after its retries (or at once, for an error no retry can fix). */
export const DocumentProcessingFailed = defineEvent('DocumentProcessingFailed', {
  schemaVersion: 1,
  schema: z.object({ documentId, step: z.string(), reason: z.string() }),
});
export const DocumentReady = defineEvent('DocumentReady', { schemaVersion: 1, schema: z.object({ documentId }) });
export const NotificationFailed = defineEvent('NotificationFailed', {
  schemaVersion: 1,
  schema: z.object({ documentId, channel: z.string(), reason: z.string() }),
});

export const documentStream = (id: string) => `document-${id}`;
