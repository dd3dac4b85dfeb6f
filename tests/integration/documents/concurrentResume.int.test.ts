/**
 * Resume and cancel decide on the document's status and append in one
 * transaction that holds the document's row: two at once cannot both act.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appendToStream, readStream } from '@/server/events';
import { cancelDocument, DocumentProcessingFailed, DocumentUploadRequested, documentStream, getDocument, resumeDocument } from '@/server/documents';
import { AppError } from '@/server/errors';
import { newTenant } from '../events/fixtures';

async function failedDocument(tenantId: string): Promise<string> {
  const documentId = randomUUID();
  const request = DocumentUploadRequested.create({
    documentId,
    fileName: 'report.pdf',
    kind: 'pdf',
    contentType: 'application/pdf',
    sizeBytes: 10,
    sha256: 'a'.repeat(64),
    stagingKey: `staging/${documentId}`,
    uploadedBy: null,
  });
  await appendToStream(documentStream(documentId), [request], { tenantId, expectedVersion: 'no_stream' });
  await appendToStream(documentStream(documentId), [DocumentProcessingFailed.create({ documentId, step: 'process', reason: 'documents.reasons.pdfEncrypted' })], {
    tenantId,
    expectedVersion: 1,
  });
  return documentId;
}

const owner = (tenantId: string) => ({ tenantId, actor: { kind: 'system' as const, id: 'resume-test' }, userId: null, role: 'owner' as const });

describe('resume and cancel at the same time', () => {
  it('lets one of two simultaneous resumes through; the other is told the document is no longer failed', async () => {
    const tenantId = await newTenant();
    const documentId = await failedDocument(tenantId);
    expect((await getDocument(tenantId, documentId)).status).toBe('failed');

    const outcomes = await Promise.allSettled([resumeDocument(owner(tenantId), documentId), resumeDocument(owner(tenantId), documentId)]);

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected')!.reason;
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'conflict', messageKey: 'documents.notFailed' });
    const resumed = (await readStream({ tenantId }, documentStream(documentId))).filter((event) => event.type === 'WorkflowResumed');
    expect(resumed).toHaveLength(1);
    expect(resumed[0]!.data).toMatchObject({ step: 'process' });
  });

  it('refuses to cancel a resumed workflow twice at once: one WorkflowCancelled', async () => {
    const tenantId = await newTenant();
    const documentId = await failedDocument(tenantId);
    await resumeDocument(owner(tenantId), documentId);

    const outcomes = await Promise.allSettled([cancelDocument(owner(tenantId), documentId), cancelDocument(owner(tenantId), documentId)]);

    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const cancelled = (await readStream({ tenantId }, documentStream(documentId))).filter((event) => event.type === 'WorkflowCancelled');
    expect(cancelled).toHaveLength(1);
    expect((await getDocument(tenantId, documentId)).status).toBe('cancelled');
  });
});
