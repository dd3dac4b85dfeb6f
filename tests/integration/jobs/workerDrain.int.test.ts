/**
 * SIGTERM drains a worker: it fetches no more jobs, the step it is running
 * finishes and is recorded, the pool closes and the process exits 0. The
 * next step's job waits in its queue for another worker, and the document
 * becomes Ready with every step run exactly once. The worker that is stopped
 * is `npm run start:worker` itself, signalled as a container's first process
 * is (npm passes the signal on; the script's shell must not stand between npm
 * and the worker, or the worker never hears it); its JSON log lines are read
 * to check that job lines carry the workspace, correlation id, job and step.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The test and its workers share the blobs: the test stages the file, the workers store and read it.
const dataDir = mkdtempSync(path.join(tmpdir(), 'tramite-drain-'));
process.env.DATA_DIR = dataDir;

const { readStream } = await import('@/server/events');
const { getBoss } = await import('@/server/jobs');
const { requestDocumentUpload, documentStream } = await import('@/server/documents');
const { getBlobStorage } = await import('@/server/documents/storage');
const { newTenant, waitFor } = await import('../events/fixtures');
const { documentWithStatus } = await import('@/tests/support/documentUploads');

const root = path.resolve(import.meta.dirname, '../../..');
type Worker = { child: ChildProcess; lines: Record<string, unknown>[]; exit: Promise<number | null> };
const workers: Worker[] = [];

function startWorker(through: 'npm' | 'node'): Worker {
  const [file, args] =
    through === 'npm' ? ['npm', ['run', '--silent', 'start:worker']] : [process.execPath, ['--import', 'tsx', '--import', './scripts/outsideNext.mjs', 'server/jobs/worker.ts']];
  const child = spawn(file, args, {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'info', DATA_DIR: dataDir, NODE_ENV: 'test', TRAMITE_PROCESS: 'worker', npm_config_update_notifier: 'false' },
    stdio: ['ignore', 'pipe', 'inherit'],
    // Its own process group, so that afterAll can end npm and the worker under it together.
    detached: true,
  });
  const lines: Record<string, unknown>[] = [];
  let pending = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const parts = (pending + chunk.toString('utf8')).split('\n');
    pending = parts.pop()!;
    for (const part of parts) if (part.trim()) lines.push(JSON.parse(part));
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const worker = { child, lines, exit };
  workers.push(worker);
  return worker;
}

let tenantId: string;
beforeAll(async () => {
  tenantId = await newTenant();
  await getBoss();
});
afterAll(async () => {
  // A worker still running (or its group, npm's children, after a signal ended npm) is killed; one already gone is not an error.
  for (const { child } of workers) {
    if (child.exitCode !== null) continue;
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }
  await Promise.all(workers.map((worker) => worker.exit));
});

/** Some 15 MB of HTML: its process step runs for seconds, long enough to be running when SIGTERM arrives. */
function largeHtml(): Buffer {
  const paragraphs = Array.from({ length: 170_000 }, (_, i) => `<p>Paragraph ${i} about the <b>heron</b> migration and its <i>counting</i> season.</p>`);
  return Buffer.from(`<!doctype html><html><body>${paragraphs.join('')}</body></html>`);
}

const named = (event: { type: string; data: unknown }) => event.type + ('step' in (event.data as object) ? `:${(event.data as { step: string }).step}` : '');
const history = async (documentId: string) => (await readStream({ tenantId }, documentStream(documentId))).map(named);

describe('SIGTERM to a worker in the middle of a step', () => {
  it('lets the step finish, starts nothing new, closes and exits 0; another worker carries the workflow on to Ready', { timeout: 150_000 }, async () => {
    const first = startWorker('npm');
    await waitFor(async () => (first.lines.some((line) => line.msg === 'worker started') ? true : undefined), 'the worker to start', 30_000);
    const staged = await getBlobStorage().stage(Readable.from([largeHtml()]), { maxBytes: 30 * 1024 * 1024 });
    const { documentId } = await requestDocumentUpload(
      { tenantId, actor: { kind: 'system', id: 'drain-test' }, userId: null, role: 'owner' },
      { fileName: 'large.html', kind: 'html', contentType: 'text/html', ...staged },
    );
    await waitFor(async () => ((await history(documentId)).includes('WorkflowStepStarted:process') ? true : undefined), 'the process step to start', 30_000);
    expect(await history(documentId)).not.toContain('WorkflowStepCompleted:process');

    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);

    const atExit = await history(documentId);
    expect(atExit).toContain('WorkflowStepCompleted:process');
    expect(atExit).not.toContain('WorkflowStepStarted:index');
    const [indexJob] = await (await getBoss()).findJobs('event-handler.OnProcessed', { data: { tenantId } });
    expect(indexJob).toMatchObject({ state: 'created' });
    expect(first.lines.map((line) => line.msg)).toEqual(expect.arrayContaining(['worker draining', 'worker stopped']));

    // The job lines carry the job, its workspace, the workflow's correlation id and the step.
    const [requested] = await readStream({ tenantId }, documentStream(documentId));
    const processJob = first.lines.find((line) => line.msg === 'job completed' && line.queue === 'event-handler.OnUploaded');
    expect(processJob).toMatchObject({
      service: 'worker',
      jobId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      tenantId,
      correlationId: requested!.metadata.correlationId,
      workflow: 'document',
      step: 'process',
      subjectId: documentId,
      attempt: 1,
      outcome: 'applied',
      ms: expect.any(Number),
    });

    startWorker('node');
    await documentWithStatus(tenantId, documentId, 'ready', 40_000);
    const types = await history(documentId);
    for (const step of ['store', 'process', 'index']) expect(types.filter((type) => type === `WorkflowStepStarted:${step}`)).toHaveLength(1);
    expect(types.filter((type) => type === 'DocumentReady')).toHaveLength(1);
  });
});
