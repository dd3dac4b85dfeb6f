/**
 * Crash safety: the worker is a real child process, killed with SIGKILL in
 * the middle of the process step. Its job's heartbeat stops, pg-boss's
 * supervisor fails it into its retry, a second worker runs the step again,
 * and the document becomes Ready exactly once, with one notification.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The test and its workers share the blobs: the test stages the file, the workers store and read it.
const dataDir = mkdtempSync(path.join(tmpdir(), 'tramite-crash-'));
process.env.DATA_DIR = dataDir;

const { readStream } = await import('@/server/events');
const { getBoss } = await import('@/server/jobs');
const { requestDocumentUpload, documentStream } = await import('@/server/documents');
const { getBlobStorage } = await import('@/server/documents/storage');
const { heartbeatSeconds } = await import('@/server/events/handlerQueues');
const { waitFor } = await import('@/tests/support/waitFor');
const { documentWithStatus } = await import('@/tests/support/documentUploads');
const { newUser } = await import('@/tests/support/callers');
const { ownerQuery } = await import('@/tests/support/ownerQuery');

const root = path.resolve(import.meta.dirname, '../../..');
const workers: ChildProcess[] = [];

/** `npm start`'s worker, as its own process, on this test's database and blobs. */
function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', './scripts/outsideNext.mjs', 'server/jobs/worker.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL, NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET, LOG_LEVEL: 'silent', DATA_DIR: dataDir },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  workers.push(child);
  return child;
}
const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));

let tenantId: string;
let uploaderId: string;
beforeAll(async () => {
  const uploader = await newUser('Uploader');
  tenantId = uploader.tenantId;
  uploaderId = uploader.user.id;
  // This process only enqueues (and, like every pg-boss, supervises); the children do the work.
  await getBoss();
});
afterAll(async () => {
  for (const child of workers) child.kill('SIGTERM');
  await Promise.all(workers.map(exited));
});

/** Some 15 MB of HTML (html-to-text reads at most 16 MiB): its process step runs for seconds, long enough to be killed in the middle. */
function largeHtml(): Buffer {
  const paragraphs = Array.from({ length: 170_000 }, (_, i) => `<p>Paragraph ${i} about the <b>heron</b> migration and its <i>counting</i> season.</p>`);
  return Buffer.from(`<!doctype html><html><body>${paragraphs.join('')}</body></html>`);
}

const events = async (documentId: string) => readStream({ tenantId }, documentStream(documentId));
const named = (event: { type: string; data: unknown }) => event.type + ('step' in (event.data as object) ? `:${(event.data as { step: string }).step}` : '');

describe('a worker killed in the middle of a step', () => {
  it('loses nothing: the step runs again in another worker and the document becomes Ready exactly once, with one notification', { timeout: 60_000 }, async () => {
    expect(heartbeatSeconds).toBe(10);
    const first = startWorker();
    const bytes = largeHtml();
    const staged = await getBlobStorage().stage(Readable.from([bytes]), { maxBytes: 30 * 1024 * 1024 });
    const { documentId } = await requestDocumentUpload(
      { tenantId, actor: { kind: 'user', id: uploaderId }, userId: uploaderId, role: 'owner' },
      { fileName: 'large.html', kind: 'html', contentType: 'text/html', ...staged },
    );

    // The process step has run long enough for its start to be committed on its own, and has not finished: kill the worker there.
    await waitFor(
      async () => {
        const types = (await events(documentId)).map(named);
        return types.includes('WorkflowStepStarted:process') ? true : undefined;
      },
      'the process step to start in the first worker',
      30_000,
    );
    first.kill('SIGKILL');
    await exited(first);
    const atKill = (await events(documentId)).map(named);
    expect(atKill.at(-2)).toBe('WorkflowStepStarted:process');
    expect(atKill).not.toContain('WorkflowStepCompleted:process');
    const [job] = await (await getBoss()).findJobs('event-handler.OnUploaded', { data: { tenantId } });
    expect(job).toMatchObject({ state: 'active', heartbeatSeconds: 10 });

    startWorker();
    const ready = await documentWithStatus(tenantId, documentId, 'ready', 50_000);
    expect(ready.wordCount).toBeGreaterThan(1_000_000);

    // Ready is shown from DocumentReady on; the workflow ends with the notify step.
    const history = await waitFor(
      async () => {
        const all = await events(documentId);
        return all.some((event) => named(event) === 'WorkflowStepCompleted:notify') ? all : undefined;
      },
      'the notify step to complete',
      20_000,
    );
    const types = history.map(named);
    expect(types.filter((type) => type === 'DocumentReady')).toHaveLength(1);
    expect(types.filter((type) => type === 'WorkflowStepStarted:store')).toHaveLength(1);
    // The killed attempt recorded its start and nothing else; the second attempt ran the step to the end.
    const processAttempts = history.filter((event) => named(event) === 'WorkflowStepStarted:process').map((event) => (event.data as { attempt: number }).attempt);
    expect(processAttempts).toEqual([1, 2]);
    expect(types.filter((type) => type === 'WorkflowStepCompleted:process')).toHaveLength(1);
    expect(types.filter((type) => type === 'DocumentProcessingCompleted')).toHaveLength(1);
    expect(types.slice(-3)).toEqual(['DocumentReady', 'WorkflowStepStarted:notify', 'WorkflowStepCompleted:notify']);
    const notifications = await ownerQuery<{ type: string; params: { documentId: string } }>('select type, params from notifications where recipient_id = $1', [uploaderId]);
    expect(notifications).toEqual([{ type: 'document.ready', params: { documentId, fileName: 'large.html' } }]);
    const [retried] = await (await getBoss()).findJobs('event-handler.OnUploaded', { data: { tenantId } });
    expect(retried).toMatchObject({ state: 'completed', retryCount: 1 });
  });
});
