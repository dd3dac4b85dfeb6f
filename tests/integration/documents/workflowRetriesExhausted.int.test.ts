/**
 * A step that keeps failing for a reason a retry could fix uses up its
 * retries: every attempt is recorded with its number, the last one says it
 * will not retry, and the document is marked failed at that step. Resuming
 * runs that step again — only that step: store and process are not repeated —
 * and the document becomes Ready once.
 *
 * The failure is real: a trigger on document_texts (added as the database
 * owner) refuses the index step's write while the test wants it refused. The
 * index queue gets a short retry policy through pg-boss's own updateQueue.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), 'tramite-retries-'));

const { readStream, startEventHandlerWorkers } = await import('@/server/events');
const { getBoss, stopBoss } = await import('@/server/jobs');
const { documentStream, getDocument, resumeDocument } = await import('@/server/documents');
const { documentWithStatus, stepName, uploadAs } = await import('@/tests/support/documentUploads');
const { ownerQuery } = await import('@/tests/support/ownerQuery');
const { newTenant, waitFor } = await import('../events/fixtures');

const indexQueue = 'event-handler.OnProcessed';
/** Two retries, a second apart: three attempts in all. */
const shortPolicy = { retryLimit: 2, retryDelay: 1, retryBackoff: false };

let boss: PgBoss;
let tenantId: string;
beforeAll(async () => {
  tenantId = await newTenant();
  boss = await getBoss();
  await startEventHandlerWorkers(boss);
  await boss.updateQueue(indexQueue, { ...shortPolicy, retryDelayMax: null });
  await ownerQuery(`
    create function refuse_flamingo_index() returns trigger language plpgsql as $$
    begin
      if new.search is not null and new.body like '%flamingo%' then raise exception 'search index unavailable'; end if;
      return new;
    end $$;
    create trigger refuse_flamingo_index before insert or update on document_texts for each row execute function refuse_flamingo_index();`);
});
afterAll(async () => {
  await stopBoss(5_000);
});

const events = (documentId: string) => readStream({ tenantId }, documentStream(documentId));

describe('a step whose retries run out', () => {
  it('is marked failed at that step with every attempt recorded, and resumes from that step only to Ready once', async () => {
    expect(await boss.getQueue(indexQueue)).toMatchObject(shortPolicy);
    const { documentId } = await uploadAs({ tenantId, userId: null }, Buffer.from('Field notes on the flamingo colony at the salt pans.\n'), 'txt', 'flamingo.txt');

    const failed = await documentWithStatus(tenantId, documentId, 'failed', 30_000);
    expect(failed).toMatchObject({ currentStep: 'index' });
    // Postgres's own message, not the query with its parameters (the document's text).
    expect(failed.failureReason).toBe('database error P0001: search index unavailable');
    const history = await events(documentId);
    expect(history.map(stepName)).toEqual([
      'DocumentUploadRequested',
      'WorkflowStepStarted:store',
      'WorkflowStepCompleted:store',
      'DocumentUploaded',
      'WorkflowStepStarted:process',
      'DocumentProcessingStarted',
      'WorkflowStepCompleted:process',
      'DocumentProcessingCompleted',
      'WorkflowStepStarted:index',
      'WorkflowStepFailed:index',
      'WorkflowStepStarted:index',
      'WorkflowStepFailed:index',
      'WorkflowStepStarted:index',
      'WorkflowStepFailed:index',
      'DocumentProcessingFailed:index',
    ]);
    const attempts = history.filter((event) => event.type === 'WorkflowStepFailed').map((event) => event.data);
    expect(attempts).toEqual([1, 2, 3].map((attempt) => expect.objectContaining({ step: 'index', attempt, willRetry: attempt < 3, error: 'database error P0001: search index unavailable' })));
    expect(history.filter((event) => event.type === 'WorkflowStepStarted').map((event) => (event.data as { attempt: number }).attempt)).toEqual([1, 1, 1, 2, 3]);
    // pg-boss settles the job once the handler has thrown, just after the failure was recorded.
    const indexJob = await waitFor(async () => {
      const [job] = await boss.findJobs(indexQueue, { data: { tenantId } });
      return job?.state === 'active' ? undefined : job;
    }, 'the index job to settle');
    expect(indexJob).toMatchObject({ state: 'failed', retryCount: 2 });

    // The cause goes away; resuming runs the index step again, and the workflow goes on from there.
    await ownerQuery('drop trigger refuse_flamingo_index on document_texts');
    await resumeDocument({ tenantId, actor: { kind: 'system', id: 'retries-test' }, userId: null, role: 'owner' }, documentId);
    await documentWithStatus(tenantId, documentId, 'ready', 30_000);
    const final = await waitFor(async () => {
      const all = await events(documentId);
      return all.some((event) => stepName(event) === 'WorkflowStepSkipped:notify') ? all : undefined;
    }, 'the notify step to be skipped (a program uploaded the document)');
    expect(final.slice(history.length).map(stepName)).toEqual([
      'WorkflowResumed:index',
      'WorkflowStepStarted:index',
      'WorkflowStepCompleted:index',
      'DocumentReady',
      'WorkflowStepSkipped:notify',
    ]);
    const count = (name: string) => final.filter((event) => stepName(event) === name).length;
    expect([count('WorkflowStepStarted:store'), count('WorkflowStepStarted:process'), count('DocumentUploaded'), count('DocumentProcessingCompleted')]).toEqual([1, 1, 1, 1]);
    expect(count('DocumentReady')).toBe(1);
    const [indexed] = await ownerQuery<{ found: boolean }>(`select search @@ plainto_tsquery(search_config::regconfig, 'flamingo') as found from document_texts where document_id = $1`, [
      documentId,
    ]);
    expect(indexed!.found).toBe(true);
    expect(await getDocument(tenantId, documentId)).toMatchObject({ status: 'ready', currentStep: null, failureReason: null });
  });
});
