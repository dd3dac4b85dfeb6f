import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { withTenant, type Transaction } from '@/server/db';
import { AppError } from '@/server/errors';
import { appendToStream, lockStream, runCommand, type Actor } from '@/server/events';
import { logger } from '@/server/observability';
import { can, type Role } from '@/server/tenancy';
import { WorkflowCancelled, WorkflowResumed } from '@/server/workflows';
import { DocumentUploadFailed, DocumentUploadRequested, documentStream } from './events';
import { runningStatuses } from './queries';
import { documents, type DocumentKind } from './schema';

export type ReceivedFile = { fileName: string; kind: DocumentKind; contentType: string; sizeBytes: number; sha256: string; stagingKey: string };
export type Caller = { tenantId: string; actor: Actor; userId: string | null; role: Role };

/**
 * Starts a document's workflow: DocumentUploadRequested, whose handlers'
 * jobs (the store step) are enqueued in the same transaction.
 */
export function requestDocumentUpload(caller: Caller, file: ReceivedFile): Promise<{ documentId: string }> {
  const documentId = randomUUID();
  return runCommand({ actor: caller.actor }, async () => {
    const event = DocumentUploadRequested.create({ documentId, ...file, uploadedBy: caller.userId });
    await appendToStream(documentStream(documentId), [event], { tenantId: caller.tenantId, expectedVersion: 'no_stream' });
    return { documentId };
  });
}

/** Records a refused upload (nothing was kept), so it shows in the log like everything else. */
export function recordUploadRefused(caller: Caller, refusal: { fileName: string; reason: string; sizeBytes: number | null }): Promise<void> {
  const documentId = randomUUID();
  return runCommand({ actor: caller.actor }, async () => {
    await appendToStream(documentStream(documentId), [DocumentUploadFailed.create({ documentId, ...refusal })], {
      tenantId: caller.tenantId,
      expectedVersion: 'no_stream',
    });
  });
}

type ChangeActions = { own: 'documents.resumeOwn' | 'documents.cancelOwn'; any: 'documents.resumeAny' | 'documents.cancelAny' };

/**
 * The document, locked for the rest of `tx`: a second resume or cancel of it
 * waits, then sees the status the first one's events gave it. Its stream is
 * locked first, in the order a step's append locks them (the stream, then
 * the row its projection updates): row first, a cancel and a step ending as
 * it was clicked each waited for the other until Postgres broke the
 * deadlock by failing one of them.
 */
async function loadForChange(tx: Transaction, caller: Caller, documentId: string, { own, any }: ChangeActions) {
  await lockStream(tx, caller.tenantId, documentStream(documentId));
  const [document] = await tx
    .select()
    .from(documents)
    .where(and(eq(documents.tenantId, caller.tenantId), eq(documents.id, documentId)))
    .for('update');
  if (!document) throw new AppError('not_found', 'documents.notFound');
  const mine = caller.userId !== null && document.uploadedBy === caller.userId;
  if (!can(caller.role, any) && !(mine && can(caller.role, own))) throw new AppError('forbidden', 'errors.forbidden');
  return document;
}

/** Re-runs a failed workflow from the step that failed; the steps before it are not repeated. */
export async function resumeDocument(caller: Caller, documentId: string): Promise<void> {
  await runCommand({ actor: caller.actor }, () =>
    withTenant(caller.tenantId, async (tx) => {
      const document = await loadForChange(tx, caller, documentId, { own: 'documents.resumeOwn', any: 'documents.resumeAny' });
      if (document.status !== 'failed' || !document.currentStep) throw new AppError('conflict', 'documents.notFailed');
      await appendToStream(documentStream(documentId), [WorkflowResumed.create({ workflow: 'document', subjectId: documentId, step: document.currentStep })], {
        tenantId: caller.tenantId,
        expectedVersion: 'stream_exists',
        tx,
      });
    }),
  );
}

/** What became of one document of a bulk resume: resumed, or refused with the reason's message key. */
export type ResumeOutcome = { resumed: true } | { resumed: false; messageKey: string };

/**
 * Resumes many failed documents, each in its own transaction, so one that
 * cannot be resumed (not failed any more, not found, not allowed) neither
 * stops nor undoes the others. The outcomes are in the order of `documentIds`.
 */
export async function resumeDocuments(caller: Caller, documentIds: readonly string[]): Promise<ResumeOutcome[]> {
  const outcomes: ResumeOutcome[] = [];
  for (const documentId of documentIds) {
    try {
      await resumeDocument(caller, documentId);
      outcomes.push({ resumed: true });
    } catch (error) {
      if (!(error instanceof AppError)) logger.error({ err: error, documentId }, 'bulk resume: a document could not be resumed');
      outcomes.push({ resumed: false, messageKey: error instanceof AppError ? error.messageKey : 'documents.resumeFailed' });
    }
  }
  return outcomes;
}

/** Stops a running workflow: the step that is running finishes, but records nothing and starts no next step. */
export async function cancelDocument(caller: Caller, documentId: string): Promise<void> {
  await runCommand({ actor: caller.actor }, () =>
    withTenant(caller.tenantId, async (tx) => {
      const document = await loadForChange(tx, caller, documentId, { own: 'documents.cancelOwn', any: 'documents.cancelAny' });
      if (!(runningStatuses as readonly string[]).includes(document.status)) throw new AppError('conflict', 'documents.notRunning');
      await appendToStream(documentStream(documentId), [WorkflowCancelled.create({ workflow: 'document', subjectId: documentId, step: document.currentStep })], {
        tenantId: caller.tenantId,
        expectedVersion: 'stream_exists',
        tx,
      });
    }),
  );
}
