/**
 * The whole document workflow on real Postgres and pg-boss: a file staged
 * through the real storage, DocumentUploadRequested appended by the command,
 * and the store → process → index steps run by the handler workers.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import pg from 'pg';
import type { PgBoss } from 'pg-boss';
import type { DocumentStatus } from '@/server/documents';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Blobs of this test file only, before anything reads the configuration.
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), 'tramite-workflow-'));

const { rebuildProjection, startEventHandlerWorkers, readStream, streamLockKey } = await import('@/server/events');
const { getBoss, stopBoss } = await import('@/server/jobs');
const { cancelDocument, documentTextPreview, getDocument, requestDocumentUpload, resumeDocument, documentStream } = await import('@/server/documents');
const { getBlobStorage } = await import('@/server/documents/storage');
const { receiveUpload } = await import('@/server/documents/upload');
const { docxWithParagraphs, encryptedPdf, pdfWithPages } = await import('@/tests/fixtures/documents/makeFixtures');
const { multipartRequest } = await import('@/tests/support/multipartRequest');
const { documentWithStatus, stepName } = await import('@/tests/support/documentUploads');
const { ownerQuery } = await import('@/tests/support/ownerQuery');
const { waitsForStreamLock } = await import('@/tests/support/streamLocks');
const { newTenant, waitFor } = await import('../events/fixtures');

type Caller = Parameters<typeof requestDocumentUpload>[0];
type Kind = Awaited<ReturnType<typeof getDocument>>['kind'];

let boss: PgBoss;
let caller: Caller;
beforeAll(async () => {
  const tenantId = await newTenant();
  caller = { tenantId, actor: { kind: 'system', id: 'workflow-test' }, userId: null, role: 'owner' };
  boss = await getBoss();
  await startEventHandlerWorkers(boss);
});
afterAll(async () => {
  gates.forEach((open) => open());
  await stopBoss(5_000);
});

/** Stages the bytes through the real storage and starts the workflow, as the upload route does after receiving them. */
async function upload(bytes: Buffer, kind: Kind, fileName = `file.${kind}`) {
  const staged = await getBlobStorage().stage(Readable.from([bytes]), { maxBytes: 25 * 1024 * 1024 });
  const { documentId } = await requestDocumentUpload(caller, { fileName, kind, contentType: 'application/octet-stream', ...staged });
  return { documentId, sha256: staged.sha256 };
}

const timeline = async (documentId: string) => (await readStream({ tenantId: caller.tenantId }, documentStream(documentId))).map(stepName);
const documentRow = (documentId: string) => getDocument(caller.tenantId, documentId);
const until = (documentId: string, status: DocumentStatus) => documentWithStatus(caller.tenantId, documentId, status);
/** The timeline once the last step (notify) is recorded as skipped, as it is for a document a program uploaded. */
const finished = (documentId: string) =>
  waitFor(async () => {
    const events = await timeline(documentId);
    return events.includes('WorkflowStepSkipped:notify') ? events : undefined;
  }, `document ${documentId} to finish its workflow`);
/** Once `step` has run long enough for its start to be committed on its own (stepStart.ts). */
const startCommitted = (documentId: string, step: string) =>
  waitFor(async () => ((await timeline(documentId)).includes(`WorkflowStepStarted:${step}`) ? true : undefined), `the ${step} step's start to be committed`);
const readyEvents = async (documentId: string) => (await timeline(documentId)).filter((type) => type === 'DocumentReady').length;
const bodyOf = async (documentId: string) =>
  (await ownerQuery<{ body: string }>('select body from document_texts where document_id = $1', [documentId]))[0]?.body;

/** Storage open() behaviour per stored key, for the tests that need a failure or a pause; everything else reads the real file. */
const openOverrides = new Map<string, () => Promise<void>>();
/** Bytes a stored key opens as instead of its own (a file "repaired" in storage). */
const replacements = new Map<string, Buffer>();
const gates: (() => void)[] = [];
const storage = getBlobStorage();
const realOpen = storage.open.bind(storage);
vi.spyOn(storage, 'open').mockImplementation(async (storageKey) => {
  const sha256 = storageKey.split('/')[1]!;
  await openOverrides.get(sha256)?.();
  const replacement = replacements.get(sha256);
  if (replacement) return Object.assign(Readable.from([replacement]), { sizeBytes: replacement.length });
  return realOpen(storageKey);
});
const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Holds the process step of the file with `bytes` once it opens the file, until `open` is called; then it goes on,
 * or fails with `failure()` when given. `runs` counts the times the step got there.
 */
function holdProcessing(bytes: Buffer, failure?: () => Error) {
  const held = { runs: 0, open: () => {} };
  const gate = new Promise<void>((resolve) => (held.open = resolve));
  gates.push(held.open);
  openOverrides.set(sha256Of(bytes), async () => {
    held.runs++;
    await gate;
    if (failure) throw failure();
  });
  return held;
}

/** Uploads `text` as a txt file whose process step is held (holdProcessing), once that step runs. */
async function uploadHeldInProcessing(text: string, fileName: string, failure?: () => Error) {
  const bytes = Buffer.from(text);
  const held = holdProcessing(bytes, failure);
  const { documentId } = await upload(bytes, 'txt', fileName);
  await waitFor(async () => (held.runs > 0 ? true : undefined), 'the process step to be running');
  return { documentId, held };
}

/** The document's process job (for its DocumentUploaded event), once `settled` holds for it. */
async function processJob(documentId: string, settled: (job: { state: string }) => boolean, timeoutMs?: number) {
  const uploaded = (await readStream({ tenantId: caller.tenantId }, documentStream(documentId))).find((event) => event.type === 'DocumentUploaded')!;
  return waitFor(async () => {
    const [found] = await boss.findJobs('event-handler.OnUploaded', { data: { eventId: uploaded.eventId } });
    return found && settled(found) ? found : undefined;
  }, 'the process job to settle', timeoutMs);
}

const happyPath = [
  'DocumentUploadRequested',
  'WorkflowStepStarted:store',
  'WorkflowStepCompleted:store',
  'DocumentUploaded',
  'WorkflowStepStarted:process',
  'DocumentProcessingStarted',
  'WorkflowStepCompleted:process',
  'DocumentProcessingCompleted',
  'WorkflowStepStarted:index',
  'WorkflowStepCompleted:index',
  'DocumentReady',
  // Uploaded by a program: no person to tell, so the notify step is recorded as skipped and never runs.
  'WorkflowStepSkipped:notify',
];

describe('the document workflow', () => {
  const samples: { kind: Kind; make: () => Promise<Buffer>; word: string; pages: number | null }[] = [
    { kind: 'pdf', make: () => pdfWithPages(['Quarterly zanzibar report, page one.', 'Second page of the report.']), word: 'zanzibar', pages: 2 },
    { kind: 'docx', make: () => docxWithParagraphs(['Minutes of the meeting about the xylophone budget.', 'Approved.']), word: 'xylophone', pages: null },
    { kind: 'txt', make: async () => Buffer.from('A plain note about the walrus inventory for next week.\n'), word: 'walrus', pages: null },
    { kind: 'md', make: async () => Buffer.from('# Heading\n\nSome *markdown* about the narwhal project.\n'), word: 'narwhal', pages: null },
    {
      kind: 'html',
      make: async () => Buffer.from('<!doctype html><html><body><h1>Report</h1><p>The quokka count rose.</p><script>alert("no")</script></body></html>'),
      word: 'quokka',
      pages: null,
    },
    { kind: 'csv', make: async () => Buffer.from('animal,count\naxolotl,12\nlemur,3\n'), word: 'axolotl', pages: null },
    { kind: 'json', make: async () => Buffer.from(JSON.stringify({ animal: 'pangolin', count: 7, notes: ['shy', 'scaly'] })), word: 'pangolin', pages: null },
  ];

  for (const sample of samples) {
    it(`takes a ${sample.kind} file from upload to Ready, recording each step once, with its text extracted and searchable`, async () => {
      const { documentId } = await upload(await sample.make(), sample.kind);
      const ready = await until(documentId, 'ready');
      expect(ready).toMatchObject({ kind: sample.kind, currentStep: null, failureReason: null, duplicateOf: null, pageCount: sample.pages });
      expect(ready.storageKey).toMatch(new RegExp(`^${caller.tenantId}/[0-9a-f]{64}$`));
      expect(ready.wordCount).toBeGreaterThan(0);
      expect(await finished(documentId)).toEqual(happyPath);
      // The skipped notify step changes nothing the row shows: it keeps the time the document became ready.
      const readyEvent = (await readStream({ tenantId: caller.tenantId }, documentStream(documentId))).find((event) => event.type === 'DocumentReady')!;
      expect((await documentRow(documentId))!.updatedAt).toEqual(readyEvent.recordedAt);
      expect(await bodyOf(documentId)).toContain(sample.word);
      if (sample.kind === 'html') expect(await bodyOf(documentId)).not.toContain('alert');
      const [indexed] = await ownerQuery<{ found: boolean }>(
        `select search @@ plainto_tsquery(search_config::regconfig, $2) as found from document_texts where document_id = $1`,
        [documentId, sample.word],
      );
      expect(indexed!.found).toBe(true);
    });
  }

  it('receives a multipart upload through the real receiver and storage, then reaches Ready', async () => {
    const request = multipartRequest([{ name: 'file', fileName: 'notes.txt', contentType: 'text/plain', content: Buffer.from('Received through the multipart receiver: okapi.\n') }]);
    const received = await receiveUpload(request, { maxBytes: 1024 * 1024 });
    const { documentId } = await requestDocumentUpload(caller, received);
    expect(await until(documentId, 'ready')).toMatchObject({ fileName: 'notes.txt', kind: 'txt', sizeBytes: received.sizeBytes, sha256: received.sha256 });
    expect(await bodyOf(documentId)).toContain('okapi');
  });

  it('flags a file identical to one already in the workspace as a duplicate of the first', async () => {
    const bytes = Buffer.from('The same content, uploaded twice: capybara.\n');
    const first = await upload(bytes, 'txt', 'first.txt');
    await until(first.documentId, 'ready');
    const second = await upload(bytes, 'txt', 'second.txt');
    const duplicate = await until(second.documentId, 'ready');
    expect(duplicate.duplicateOf).toBe(first.documentId);
    expect(duplicate.storageKey).toBe((await documentRow(first.documentId)).storageKey);
    expect((await documentRow(first.documentId)).duplicateOf).toBeNull();
  });

  it('fails an encrypted PDF at once, without retrying, and resumes at the process step only', async () => {
    const bytes = encryptedPdf({ userPassword: 'secret', text: 'Locked contents: ocelot.' });
    const { documentId, sha256 } = await upload(bytes, 'pdf', 'locked.pdf');
    const failed = await until(documentId, 'failed');
    // A reason the user can read: an i18n key, shown in their language.
    expect(failed).toMatchObject({ currentStep: 'process', failureReason: 'documents.reasons.pdfEncrypted' });
    const history = await timeline(documentId);
    expect(history.slice(-4)).toEqual(['WorkflowStepStarted:process', 'DocumentProcessingStarted', 'WorkflowStepFailed:process', 'DocumentProcessingFailed:process']);
    const stepFailed = (await readStream({ tenantId: caller.tenantId }, documentStream(documentId))).find((event) => event.type === 'WorkflowStepFailed')!;
    expect(stepFailed.data).toMatchObject({ step: 'process', attempt: 1, willRetry: false });
    // pg-boss settles the job once the handler has thrown, just after the failure was recorded.
    const job = await processJob(documentId, (found) => found.state !== 'active');
    expect(job).toMatchObject({ retryCount: 0 });
    expect(['created', 'retry', 'active']).not.toContain(job.state);

    // Resume re-runs the failed step; while the file is still locked, it fails again at once — and the store step is not repeated.
    await resumeDocument(caller, documentId);
    await waitFor(async () => ((await timeline(documentId)).filter((type) => type === 'DocumentProcessingFailed:process').length === 2 ? true : undefined), 'the second failure');
    const again = await timeline(documentId);
    expect(again.slice(history.length)).toEqual([
      'WorkflowResumed:process',
      'WorkflowStepStarted:process',
      'DocumentProcessingStarted',
      'WorkflowStepFailed:process',
      'DocumentProcessingFailed:process',
    ]);

    // Once the stored bytes can be read (here: the same key now opens as an ordinary PDF), resuming reaches Ready.
    const readable = await pdfWithPages(['Unlocked contents: ocelot.']);
    replacements.set(sha256, readable);
    await resumeDocument(caller, documentId);
    await until(documentId, 'ready');
    const final = await finished(documentId);
    expect(final.filter((type) => type === 'WorkflowStepStarted:store')).toHaveLength(1);
    expect(final.filter((type) => type === 'DocumentUploaded')).toHaveLength(1);
    expect(final.slice(again.length)).toEqual([
      'WorkflowResumed:process',
      'WorkflowStepStarted:process',
      'DocumentProcessingStarted',
      'WorkflowStepCompleted:process',
      'DocumentProcessingCompleted',
      'WorkflowStepStarted:index',
      'WorkflowStepCompleted:index',
      'DocumentReady',
      'WorkflowStepSkipped:notify',
    ]);
    expect(await bodyOf(documentId)).toContain('ocelot');
  });

  it('retries a step that failed for a passing reason, recording the failed attempt, then reaches Ready', async () => {
    const bytes = Buffer.from('Storage hiccup on the first read: tapir.\n');
    let failures = 0;
    const sha256 = sha256Of(bytes);
    openOverrides.set(sha256, async () => {
      if (failures++ === 0) throw new Error('storage temporarily unavailable');
    });
    const { documentId } = await upload(bytes, 'txt', 'flaky.txt');
    await until(documentId, 'ready');
    const history = await finished(documentId);
    expect(history.slice(4)).toEqual([
      'WorkflowStepStarted:process',
      'DocumentProcessingStarted',
      'WorkflowStepFailed:process',
      'WorkflowStepStarted:process',
      'WorkflowStepCompleted:process',
      'DocumentProcessingCompleted',
      'WorkflowStepStarted:index',
      'WorkflowStepCompleted:index',
      'DocumentReady',
      'WorkflowStepSkipped:notify',
    ]);
    const events = await readStream({ tenantId: caller.tenantId }, documentStream(documentId));
    expect(events.find((event) => event.type === 'WorkflowStepFailed')!.data).toMatchObject({ attempt: 1, willRetry: true, error: 'storage temporarily unavailable' });
    expect(events.filter((event) => event.type === 'WorkflowStepStarted').map((event) => (event.data as { attempt: number }).attempt)).toEqual([1, 1, 2, 1]);
    expect(failures).toBe(2);
  });

  it('stops a running workflow when cancelled: the running step records nothing and no next step starts', async () => {
    const { documentId, held } = await uploadHeldInProcessing('Cancelled while it is being processed: manatee.\n', 'cancel-me.txt');
    await startCommitted(documentId, 'process');
    await cancelDocument(caller, documentId);
    expect((await documentRow(documentId)).status).toBe('cancelled');
    held.open();
    const job = await processJob(documentId, (found) => ['completed', 'failed'].includes(found.state));
    // Discarded, not failed: the job completes on its first attempt and is not retried.
    expect([job.state, job.retryCount]).toEqual(['completed', 0]);
    const history = await timeline(documentId);
    expect(history.slice(-3)).toEqual(['WorkflowStepStarted:process', 'DocumentProcessingStarted', 'WorkflowCancelled:process']);
    expect((await documentRow(documentId)).status).toBe('cancelled');
    // Its extracted text was written in the step's transaction, and rolled back with it.
    expect(await bodyOf(documentId)).toBeUndefined();
  });

  it('cancels a document while a step ending as it is clicked holds the stream and updates the row: neither waits for the other', async () => {
    const { documentId, held } = await uploadHeldInProcessing('Cancelled as its step ends: ibis.\n', 'ibis.txt');
    await startCommitted(documentId, 'process');
    // What a step's append does as it records its outcome: the stream's lock, then the documents row.
    const step = new pg.Client({ connectionString: process.env.TEST_OWNER_DATABASE_URL });
    await step.connect();
    try {
      await step.query('begin');
      await step.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [streamLockKey(caller.tenantId, documentStream(documentId))]);
      const cancelled = cancelDocument(caller, documentId);
      await waitFor(async () => ((await waitsForStreamLock(caller.tenantId, documentStream(documentId))) ? true : undefined), 'the cancel to wait for the stream');
      // Had the cancel locked the row first, this would wait for it while it waits for the stream: a deadlock Postgres ends by failing one.
      await step.query('update documents set updated_at = updated_at where id = $1', [documentId]);
      await step.query('commit');
      await cancelled;
    } finally {
      await step.end();
    }
    expect((await documentRow(documentId)).status).toBe('cancelled');
    held.open();
    await processJob(documentId, (found) => ['completed', 'failed'].includes(found.state));
    expect((await timeline(documentId)).at(-1)).toBe('WorkflowCancelled:process');
  });

  it.each([
    // Retried: the retry finds the workflow cancelled, runs nothing and completes.
    { failure: 'a passing reason', error: () => new Error('storage temporarily unavailable'), job: { state: 'completed', retryCount: 1 } },
    // Not retried: the attempt's failure is recorded, not the workflow's, which would overwrite the cancellation.
    { failure: 'good', error: () => Object.assign(new Error('unreadable after all'), { nonRetryable: true }), job: { state: 'failed', retryCount: 0 } },
  ])('stays cancelled when the step that ran as it was cancelled then fails for $failure: only that failure is recorded', { timeout: 40_000 }, async ({ error, job }) => {
    const { documentId, held } = await uploadHeldInProcessing(`Cancelled, and then its step fails: egret ${randomUUID()}.\n`, 'cancel-then-fail.txt', error);
    await cancelDocument(caller, documentId);
    held.open();
    const ended = await processJob(documentId, (found) => found.state === job.state, 30_000);
    expect(ended.retryCount).toBe(job.retryCount);
    expect(held.runs).toBe(1);
    const history = await timeline(documentId);
    // Nothing after the cancel reads as the step running again or the workflow failing.
    expect(history.slice(history.findIndex((type) => type.startsWith('WorkflowCancelled')) + 1)).toEqual(['WorkflowStepFailed:process']);
    expect((await documentRow(documentId)).status).toBe('cancelled');
  });

  it('shows the first 2,000 characters of the extracted text as the preview, and none before processing', async () => {
    const words = Array.from({ length: 800 }, (_, i) => `word${i}`).join(' ');
    const { documentId } = await upload(Buffer.from(`<html><body><h1>Long page</h1><p>${words}</p></body></html>`), 'html', 'long.html');
    const other = await newTenant();
    await until(documentId, 'ready');
    const preview = await documentTextPreview(caller.tenantId, documentId);
    expect(preview!.truncated).toBe(true);
    expect(preview!.text).toHaveLength(2000);
    expect(preview!.text).toBe((await bodyOf(documentId))!.slice(0, 2000));
    expect(preview!.text).not.toMatch(/[<>]/);
    // Another workspace sees nothing of it.
    expect(await documentTextPreview(other, documentId)).toBeNull();

    const short = await upload(Buffer.from('Short enough to show whole: gecko.\n'), 'txt', 'short.txt');
    await until(short.documentId, 'ready');
    expect(await documentTextPreview(caller.tenantId, short.documentId)).toEqual({ text: expect.stringContaining('gecko'), truncated: false });
  });

  it('appends exactly one DocumentReady for every document that became ready', async () => {
    const counts = await ownerQuery<{ stream_id: string; ready: number }>(
      `select stream_id, count(*)::int as ready from events where tenant_id = $1 and type = 'DocumentReady' group by stream_id`,
      [caller.tenantId],
    );
    const ready = await ownerQuery<{ id: string }>(`select id from documents where tenant_id = $1 and status = 'ready'`, [caller.tenantId]);
    expect(counts.length).toBe(ready.length);
    expect(counts.length).toBeGreaterThanOrEqual(13);
    expect(counts.every((row) => row.ready === 1)).toBe(true);
    for (const { id } of ready) expect(await readyEvents(id)).toBe(1);
  });

  it('rebuilds the documents read model from the log exactly as the appends kept it, in every status the tests left', async () => {
    const rows = () => ownerQuery<Record<string, unknown>>('select * from documents where tenant_id = $1 order by id', [caller.tenantId]);
    const settled = ['ready', 'failed', 'cancelled'];
    // One left failed (the other tests' failures were resumed to Ready).
    const locked = await upload(encryptedPdf({ userPassword: 'secret', text: 'Locked for good: tapir.' }), 'pdf', 'locked-for-good.pdf');
    await until(locked.documentId, 'failed');
    const live = await waitFor(async () => {
      const found = await rows();
      return found.every((row) => settled.includes(row.status as string)) ? found : undefined;
    }, 'every document of this file to settle');
    expect(new Set(live.map((row) => row.status))).toEqual(new Set(settled));
    // Whole milliseconds, as a JavaScript date carries them: the list's (created_at, id) cursor comes back from the browser as one.
    const finer = await ownerQuery<{ n: number }>(
      `select count(*)::int as n from documents where tenant_id = $1
          and (created_at <> date_trunc('milliseconds', created_at) or updated_at <> date_trunc('milliseconds', updated_at))`,
      [caller.tenantId],
    );
    expect(finer[0]!.n).toBe(0);

    const report = await rebuildProjection('documents');
    expect(report.events).toBeGreaterThan(live.length);
    expect(await rows()).toEqual(live);
  });
});
