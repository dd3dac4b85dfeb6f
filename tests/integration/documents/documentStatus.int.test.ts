/**
 * What a document shows between its steps: the outcome that enqueues a step
 * shows that step (status and current step) at once, before its job runs. A
 * short step records its start only with its outcome, so nothing else would
 * tell the document apart from one still at the step before. No worker runs
 * here: each step's job waits in its queue.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '@/server/documents';

process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), 'tramite-document-status-'));

const { appendToStream, readStream } = await import('@/server/events');
const { cancelDocument, DocumentProcessingCompleted, DocumentUploaded, documentStream, getDocument } = await import('@/server/documents');
const { WorkflowStepCompleted, WorkflowStepStarted } = await import('@/server/workflows');
const { newUser } = await import('@/tests/support/callers');
const { uploadAs } = await import('@/tests/support/documentUploads');
const { ownerQuery } = await import('@/tests/support/ownerQuery');
const { applyMigrationAsOwner } = await import('@/tests/support/migrationAsOwner');

let owner: Awaited<ReturnType<typeof newUser>>;
let caller: Caller;
beforeAll(async () => {
  owner = await newUser('Status');
  caller = { tenantId: owner.tenantId, actor: { kind: 'user', id: owner.user.id }, userId: owner.user.id, role: 'owner' };
});

/** A document recorded as the upload route does, its store step's job left waiting. */
async function requested(name: string) {
  const { documentId } = await uploadAs({ tenantId: caller.tenantId, userId: owner.user.id }, Buffer.from(`${name} body`), 'txt');
  return { documentId, storageKey: `${caller.tenantId}/${name}` };
}

/** Appends a step's outcome as the step would (its start with it, as a short step records it). */
async function recordOutcome(documentId: string, step: string, outcome: Parameters<typeof appendToStream>[1]) {
  const ref = { workflow: 'document', subjectId: documentId, step, attempt: 1 };
  await appendToStream(
    documentStream(documentId),
    [
      WorkflowStepStarted.create(ref),
      WorkflowStepCompleted.create({ ...ref, durationMs: 12 }),
      ...outcome,
    ],
    { tenantId: caller.tenantId, expectedVersion: 'any' },
  );
}

describe('a document between its steps', () => {
  it('shows the step its last outcome enqueued: processing once stored, indexing once processed', async () => {
    const { documentId, storageKey } = await requested('between');
    expect(await getDocument(caller.tenantId, documentId)).toMatchObject({ status: 'uploading', currentStep: 'store' });
    await recordOutcome(documentId, 'store', [DocumentUploaded.create({ documentId, storageKey, duplicateOf: null })]);
    expect(await getDocument(caller.tenantId, documentId)).toMatchObject({ status: 'processing', currentStep: 'process', storageKey });
    await recordOutcome(documentId, 'process', [DocumentProcessingCompleted.create({ documentId, pageCount: null, wordCount: 2, language: 'en' })]);
    expect(await getDocument(caller.tenantId, documentId)).toMatchObject({ status: 'indexing', currentStep: 'index', wordCount: 2 });
  });

  it('is cancelled at the step waiting to run, not the one it has done', async () => {
    const { documentId, storageKey } = await requested('cancelled between');
    await recordOutcome(documentId, 'store', [DocumentUploaded.create({ documentId, storageKey, duplicateOf: null })]);
    await cancelDocument(caller, documentId);
    const cancelled = (await readStream({ tenantId: caller.tenantId }, documentStream(documentId))).at(-1)!;
    expect([cancelled.type, cancelled.data]).toEqual(['WorkflowCancelled', { workflow: 'document', subjectId: documentId, step: 'process' }]);
    expect(await getDocument(caller.tenantId, documentId)).toMatchObject({ status: 'cancelled', currentStep: 'process' });
  });
});

describe('migration 0020, for documents between their steps when 0019 was applied', () => {
  /** Puts the row back as project_documents before 0019 left it: at the step before, as if its start was recorded. */
  async function showAsBefore0019(documentId: string, status: string, step: string) {
    await ownerQuery('update documents set status = $2, current_step = $3 where id = $1', [documentId, status, step]);
  }
  const applyBackfill = () => applyMigrationAsOwner('0020_documents_status_backfill.sql', ['documents']);

  it('shows each waiting document at the step its last outcome enqueued, and leaves the others alone', async () => {
    const stored = await requested('stored before 0019');
    await recordOutcome(stored.documentId, 'store', [DocumentUploaded.create({ documentId: stored.documentId, storageKey: stored.storageKey, duplicateOf: null })]);
    await showAsBefore0019(stored.documentId, 'uploading', 'store');
    const processed = await requested('processed before 0019');
    await recordOutcome(processed.documentId, 'store', [DocumentUploaded.create({ documentId: processed.documentId, storageKey: processed.storageKey, duplicateOf: null })]);
    await recordOutcome(processed.documentId, 'process', [
      DocumentProcessingCompleted.create({ documentId: processed.documentId, pageCount: null, wordCount: 3, language: 'en' }),
    ]);
    await showAsBefore0019(processed.documentId, 'processing', 'process');
    const uploading = await requested('still uploading');
    const processing = await requested('processing its text');
    await recordOutcome(processing.documentId, 'store', [DocumentUploaded.create({ documentId: processing.documentId, storageKey: processing.storageKey, duplicateOf: null })]);

    await applyBackfill();

    expect(await getDocument(caller.tenantId, stored.documentId)).toMatchObject({ status: 'processing', currentStep: 'process' });
    expect(await getDocument(caller.tenantId, processed.documentId)).toMatchObject({ status: 'indexing', currentStep: 'index' });
    expect(await getDocument(caller.tenantId, uploading.documentId)).toMatchObject({ status: 'uploading', currentStep: 'store' });
    expect(await getDocument(caller.tenantId, processing.documentId)).toMatchObject({ status: 'processing', currentStep: 'process', wordCount: null });
  });
});
