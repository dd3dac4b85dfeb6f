/**
 * The workflows page's procedures on real Postgres and pg-boss: bulk resume
 * resumes each failed document in its own transaction and reports per
 * document; the lists and metrics answer owners and admins only.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';

process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), 'tramite-workflows-router-'));

const { appendToStream, readStream } = await import('@/server/events');
const { getBoss } = await import('@/server/jobs');
const { DocumentProcessingFailed, documentStream, getDocument, requestDocumentUpload } = await import('@/server/documents');
const { getBlobStorage } = await import('@/server/documents/storage');
const { callerFor, callerForToken, newUser } = await import('@/tests/support/callers');

type Owner = Awaited<ReturnType<typeof newUser>>;

/** A document recorded as the upload route does, its workflow then stopped at `step` (no worker runs here). */
async function failedDocument(owner: Owner, name: string, step = 'process') {
  const staged = await getBlobStorage().stage(Readable.from([Buffer.from(`${name} body`)]), { maxBytes: 1024 });
  const caller = { tenantId: owner.tenantId, actor: { kind: 'user' as const, id: owner.user.id }, userId: owner.user.id, role: 'owner' as const };
  const { documentId } = await requestDocumentUpload(caller, { fileName: `${name}.txt`, kind: 'txt', contentType: 'text/plain', ...staged });
  await appendToStream(documentStream(documentId), [DocumentProcessingFailed.create({ documentId, step, reason: 'documents.unreadable' })], {
    tenantId: owner.tenantId,
    expectedVersion: 'any',
  });
  return documentId;
}

let ana: Owner;
let bo: Owner;
beforeAll(async () => {
  ana = await newUser('Ana');
  bo = await newUser('Bo');
});

describe('workflows.resumeMany', () => {
  it('resumes each failed document at its failed step and reports, in order, the ones it could not resume', async () => {
    const atProcess = await failedDocument(ana, 'first');
    const atIndex = await failedDocument(ana, 'second', 'index');
    const running = await failedDocument(ana, 'third');
    const foreign = await failedDocument(bo, 'not yours');
    // `running` is resumed once first, so the bulk resume finds it no longer failed.
    await callerFor(ana.user, ana.slug).documents.resume({ id: running });

    const outcomes = await callerFor(ana.user, ana.slug).workflows.resumeMany({ ids: [atProcess, running, atIndex, foreign] });

    expect(outcomes).toEqual([
      { resumed: true },
      { resumed: false, messageKey: 'documents.notFailed', message: 'Only a failed document can be resumed.' },
      { resumed: true },
      { resumed: false, messageKey: 'documents.notFound', message: 'This document does not exist in this workspace.' },
    ]);
    const boss = await getBoss();
    for (const [id, step, status, queue] of [
      [atProcess, 'process', 'processing', 'event-handler.OnUploaded'],
      [atIndex, 'index', 'indexing', 'event-handler.OnProcessed'],
    ] as const) {
      const resumed = (await readStream({ tenantId: ana.tenantId }, documentStream(id))).filter((event) => event.type === 'WorkflowResumed');
      expect(resumed.map((event) => event.data)).toEqual([{ workflow: 'document', subjectId: id, step }]);
      expect(await getDocument(ana.tenantId, id)).toMatchObject({ status, currentStep: step, failureReason: null });
      // The failed step's job was enqueued in the same transaction as the event.
      expect(await boss.findJobs(queue, { data: { eventId: resumed[0]!.eventId } })).toHaveLength(1);
    }
    // Bo's document is untouched: still failed, no resume in its stream.
    expect(await getDocument(bo.tenantId, foreign)).toMatchObject({ status: 'failed' });
    expect((await readStream({ tenantId: bo.tenantId }, documentStream(foreign))).map((event) => event.type)).not.toContain('WorkflowResumed');
  });

  it('translates refusals into the caller’s language', async () => {
    const id = await failedDocument(ana, 'twice');
    await callerFor(ana.user, ana.slug).workflows.resumeMany({ ids: [id] });
    const [again] = await callerFor(ana.user, ana.slug, 'es').workflows.resumeMany({ ids: [id] });
    expect(again).toEqual({ resumed: false, messageKey: 'documents.notFailed', message: expect.stringMatching(/fallido|reanudar/i) });
  });

  it('is refused to roles that may not resume every document, and takes at most 100 ids', async () => {
    const id = await failedDocument(ana, 'members cannot');
    const { token } = await callerFor(ana.user, ana.slug).tokens.create({ name: 'member token', role: 'member' });
    const asMember = await callerForToken(token, ana.slug);
    await expect(asMember.workflows.resumeMany({ ids: [id] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(asMember.workflows.failed()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(asMember.workflows.metrics({ window: '1h' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const tooMany = Array.from({ length: 101 }, () => id);
    await expect(callerFor(ana.user, ana.slug).workflows.resumeMany({ ids: tooMany })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await getDocument(ana.tenantId, id)).toMatchObject({ status: 'failed' });
  });
});

describe('workflows lists and metrics', () => {
  it('lists the failed and the running documents of the workspace only, most recently changed first', async () => {
    const failed = await failedDocument(bo, 'stuck');
    const resumed = await failedDocument(bo, 'moving');
    const anas = await failedDocument(ana, 'elsewhere');
    await callerFor(bo.user, bo.slug).workflows.resumeMany({ ids: [resumed] });
    const asBo = callerFor(bo.user, bo.slug);
    const failedIds = (await asBo.workflows.failed()).map((document) => document.id);
    const runningIds = (await asBo.workflows.running()).map((document) => document.id);
    expect(failedIds).toContain(failed);
    expect(failedIds).not.toContain(resumed);
    expect(runningIds[0]).toBe(resumed);
    expect([...failedIds, ...runningIds]).not.toContain(anas);
  });

  it('answers the metrics of the chosen window, with the document workflow’s steps and queues', async () => {
    const metrics = await callerFor(bo.user, bo.slug).workflows.metrics({ window: '7d' });
    expect(metrics.window).toBe('7d');
    expect(metrics.steps.map((step) => step.step)).toEqual(['store', 'process', 'index', 'notify']);
    expect(metrics.queues.map((queue) => queue.queue)).toEqual(['event-handler.OnUploadRequested', 'event-handler.OnUploaded', 'event-handler.OnProcessed', 'event-handler.OnReady']);
    expect(metrics.series.buckets).toHaveLength(28);
    // Bo's store jobs are waiting (no worker runs here); the queue counts them.
    expect(metrics.queues[0]!.ready).toBeGreaterThan(0);
  });
});
