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
