/**
 * `npm run bench:pipeline`: 1,000 small text documents pushed through the
 * whole document workflow by 8 concurrent uploaders, twice: under the
 * throughput load (uploaders do not wait for Ready) for documents/s, then
 * under the latency load (each uploader waits for its document to be Ready
 * before sending the next) for upload→Ready latency p50/p95/p99 — see
 * pipelineLoad.ts for why one load cannot give both. Each upload goes
 * through the real route handler of POST /api/uploads (multipart body,
 * Bearer token, streamed staging, sniffing, the DocumentUploadRequested
 * append and its job); the steps run in the real worker,
 * `server/jobs/worker.ts`, as a child process on real pg-boss. Beside them,
 * in the same run and under the same two loads, a baseline of the same hops
 * as bare pg-boss jobs that do no work (same queues' settings, same fetch
 * options, a child process too), and the ratios: overhead_ratio = pipeline
 * p50 / bare p50 (latency load), throughput_ratio = pipeline docs/s / bare
 * docs/s. Also CPU time per document under the throughput load of the web
 * side (this process), of the worker and of the whole machine (Postgres and
 * everything else: the CPU ceiling is cores ÷ that), where the time goes per
 * step (from the event log, latency load), and the machine's load average,
 * since other work on it moves every wall-clock figure. Written to
 * bench-results/pipeline.json.
 *
 * Ready is the commit of DocumentReady; steps after it (notify) are not part
 * of the latency. Uploads use API tokens, as programs do, so there is no
 * person to tell: the index step records the notify step as skipped, with
 * Ready, and no notify job runs (a person's upload costs that hop more; the
 * baseline keeps all four hops, as the issue defines it). Realtime is not
 * configured here, so nothing is published.
 *
 * Needs no database: like bench:events it starts the embedded Postgres
 * (under .data/bench-pipeline-pg) or uses BENCH_DATABASE_URL, creates a fresh
 * database, migrates it, and runs the web side and the worker as the app role.
 *
 * BENCH_DOCUMENTS (1000) and BENCH_UPLOADERS (8) change the load, and
 * BENCH_WORKSPACES (1) spreads the uploaders over that many workspaces;
 * BENCH_ONLY=baseline runs the baseline alone; BENCH_PROFILE=1 writes each
 * worker's CPU profile under .data/bench-prof.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createBenchDatabase } from './benchDatabase';
import { baselineQueue, readyChannel } from './pipelineChannels';
import { round } from './figures';
import { figuresOf, ReadyWatch, runLoad, type LoadFigures } from './pipelineLoad';

const documents = Number(process.env.BENCH_DOCUMENTS ?? 1000);
const uploaders = Number(process.env.BENCH_UPLOADERS ?? 8);
/** 1: all uploaders in one workspace, the case the per-workspace limit on running jobs binds hardest. */
const workspaces = Math.min(uploaders, Number(process.env.BENCH_WORKSPACES ?? 1));
const warmupDocuments = 5 * uploaders;
const timeoutMs = 180_000;
const targets = { docs_per_s: 100, p50_ms: 150, p95_ms: 400 };

const runDir = path.resolve('.data/bench-pipeline', `run-${randomBytes(4).toString('hex')}`);
mkdirSync(runDir, { recursive: true });
const database = await createBenchDatabase({ dataDir: '.data/bench-pipeline-pg', prefix: 'tramite_bench_pipeline' });

// The web side of the benchmark runs in this process, configured before any server module reads the environment.
Object.assign(process.env, {
  DATABASE_URL: database.appUrl,
  DATA_DIR: runDir,
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  NEXTAUTH_SECRET: randomBytes(32).toString('hex'),
  DATABASE_POOL_SIZE: String(uploaders + 4),
});
const { POST } = await import('@/app/api/uploads/route');
const { signUp, signUpInput } = await import('@/server/auth');
const { withTenant, closeDb } = await import('@/server/db');
const { documentWorkflow } = await import('@/server/documents');
const { createApiToken } = await import('@/server/tenancy');
const { announceJobs, getBoss, stopBoss } = await import('@/server/jobs');
const { multipartRequest } = await import('@/tests/support/multipartRequest');
const { stepFiguresOf } = await import('./pipelineSteps');

type Uploader = { tenantId: string; slug: string; token: string };

const root = path.resolve(import.meta.dirname, '../..');
/** The step whose outcome is DocumentReady: the baseline announces Ready after the same hop. */
const readyHop = Math.max(0, documentWorkflow.steps.findIndex((step) => step.name === 'index'));

async function main() {
  const uploaderList = await prepareUploaders();
  const watch = new ReadyWatch(database.ownerUrl);
  await watch.start();
  try {
    console.log(`${documents} documents, ${uploaders} uploaders in ${workspaces} workspace(s); ${cpus().length} CPUs; Postgres ${database.description}; steps: ${documentWorkflow.steps.map((s) => s.name).join(' → ')}\n`);
    const baseline = await measure('baseline', 'tests/bench/pipelineBaselineWorker.ts', watch, (uploader, seq) => enqueueBare(uploaderList[uploader]!.tenantId, seq));
    if (process.env.BENCH_ONLY === 'baseline') return console.log(baseline.figures);
    const pipeline = await measure('pipeline', 'server/jobs/worker.ts', watch, (uploader, seq) => uploadThroughRoute(uploaderList[uploader]!, seq));
    const steps = await stepFiguresOf(database.ownerUrl, pipeline.latencyTrips);
    report(pipeline.figures, baseline.figures, steps);
  } finally {
    await watch.stop();
    await stopBoss(5_000);
    await closeDb();
    await database.drop();
    rmSync(runDir, { recursive: true, force: true });
  }
}

/**
 * The uploaders' workspaces (BENCH_WORKSPACES of them, uploader i in workspace
 * i mod that), each uploader with an API token of its own (as separate
 * programs would have), and the Ready announcement.
 */
async function prepareUploaders(): Promise<Uploader[]> {
  const made: Uploader[] = [];
  for (let w = 0; w < workspaces; w++) {
    const { user, tenant } = await signUp(signUpInput.parse({ name: 'Bench', email: `bench-${randomUUID()}@example.com`, password: 'long enough password' }));
    await withTenant(tenant.id, async (tx) => {
      for (let i = w; i < uploaders; i += workspaces) {
        const { token } = await createApiToken(tx, { tenantId: tenant.id, name: `uploader ${i}`, role: 'member', createdBy: user.id });
        made[i] = { tenantId: tenant.id, slug: tenant.slug, token };
      }
    });
  }
  // Instrumentation of this database only: the commit that appends DocumentReady announces it.
  const owner = new pg.Client({ connectionString: database.ownerUrl });
  await owner.connect();
  await owner.query(`
    create function bench_ready_announce() returns trigger language plpgsql as $$
    begin perform pg_notify('${readyChannel}', new.stream_id); return null; end $$;
    create trigger bench_ready_announce after insert on events for each row when (new.type = 'DocumentReady') execute function bench_ready_announce();`);
  await owner.end();
  return made;
}

/** A small text document: a few sentences, different for every upload (so none is a duplicate). */
function smallDocument(seq: number): Buffer {
  const id = randomUUID();
  return Buffer.from(
    `Field report ${seq} (${id}).\n\nThe survey team counted ${seq % 97} herons along the northern bank this morning. ` +
      `Water levels were ${(seq % 13) + 2} centimetres above the seasonal mean, and the sampling stations reported normal turbidity.\n`,
  );
}

async function uploadThroughRoute(uploader: Uploader, seq: number): Promise<string> {
  const request = multipartRequest([{ name: 'file', fileName: `report-${seq}.txt`, contentType: 'text/plain', content: smallDocument(seq) }], {
    headers: { authorization: `Bearer ${uploader.token}`, 'x-tenant': uploader.slug },
  });
  const response = await POST(request);
  if (response.status !== 201) throw new Error(`Upload ${seq} answered ${response.status}: ${await response.text()}`);
  const { documentId } = (await response.json()) as { documentId: string };
  return `document-${documentId}`;
}

/** The baseline's "upload": the first hop's job, inserted as the real append inserts it (grouped by workspace). */
async function enqueueBare(tenantId: string, seq: number): Promise<string> {
  const documentId = randomUUID();
  void seq;
  const boss = await getBoss();
  await boss.insert(`event-handler.${baselineQueue(0)}`, [{ data: { documentId, tenantId }, group: { id: tenantId } }]);
  await announceJobs(boss, [`event-handler.${baselineQueue(0)}`]);
  return `document-${documentId}`;
}

/** CPU time every process of the machine has used so far (Postgres's included), in ms (Linux: /proc/stat, clock ticks of 10 ms; idle and iowait left out). */
function machineCpuMs(): number {
  const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) * 10;
}

/** User and system CPU time a process has used so far, in ms (Linux: /proc/<pid>/stat, in clock ticks of 10 ms). */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * Starts a worker process, warms up, runs the two measured loads (see
 * pipelineLoad.ts) and stops the worker: the throughput load gives
 * documents/s and the CPU time per document, the latency load upload→Ready.
 */
async function measure(name: string, workerScript: string, watch: ReadyWatch, upload: (uploader: number, seq: number) => Promise<string>) {
  const worker = await startWorker(workerScript, name);
  const load = (count: number, waitForReady: boolean) => runLoad({ documents: count, uploaders, upload, watch, timeoutMs, waitForReady });
  try {
    await load(warmupDocuments, false);
    await analyzeTables();
    const cpuBefore = { web: process.cpuUsage(), worker: processCpuMs(worker.pid!), machine: machineCpuMs() };
    const throughputTrips = await load(documents, false);
    const web = process.cpuUsage(cpuBefore.web);
    // CPU time per document, a figure that other load on the machine disturbs less than wall-clock time.
    const cpu = {
      web_cpu_ms_per_doc: round((web.user + web.system) / 1000 / documents, 2),
      worker_cpu_ms_per_doc: round((processCpuMs(worker.pid!) - cpuBefore.worker) / documents, 2),
      // Everything the machine did meanwhile (Postgres, the kernel, other work): the ceiling is cores × 1000 / this.
      machine_cpu_ms_per_doc: round((machineCpuMs() - cpuBefore.machine) / documents, 2),
    };
    const latencyTrips = await load(documents, true);
    const throughput = figuresOf(throughputTrips);
    const latency = figuresOf(latencyTrips);
    const figures: Figures = {
      docs_per_s: throughput.docs_per_s,
      p50_ms: latency.p50_ms,
      p95_ms: latency.p95_ms,
      p99_ms: latency.p99_ms,
      ...cpu,
      throughput,
      latency,
    };
    return { latencyTrips, figures };
  } finally {
    await stopWorker(worker);
  }
}

/**
 * Gives the planner the statistics a running database has: autovacuum's
 * first ANALYZE of a fresh database comes about a minute in, and until then
 * statements (and the plans cached in the SQL projections) are planned for
 * empty tables, so a document's row is found by scanning its workspace's.
 */
async function analyzeTables() {
  const owner = new pg.Client({ connectionString: database.ownerUrl });
  await owner.connect();
  try {
    await owner.query('analyze');
  } finally {
    await owner.end();
  }
}

/** Starts a worker process and resolves once it says it has started (its queues exist and are worked). */
function startWorker(script: string, name: string): Promise<ChildProcess> {
  const log = createWriteStream(path.join(runDir, `${name}-worker.log`));
  // At info level, as in production: a worker logs its start and its stop, and a line per job.
  // BENCH_PROFILE=1: a CPU profile of each worker process, under .data/bench-prof.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=.data/bench-prof', `--cpu-prof-name=${name}-worker.cpuprofile`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', '--import', './scripts/outsideNext.mjs', script], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'info', BENCH_READY_HOP: String(readyHop) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(process.stderr);
  return new Promise((resolve, reject) => {
    const seen = (chunk: Buffer) => {
      if (!chunk.toString().includes('worker started')) return;
      child.stdout!.off('data', seen);
      resolve(child);
    };
    child.stdout!.on('data', seen);
    child.once('exit', (code, signal) => {
      if (signal !== 'SIGTERM') reject(new Error(`${name} worker exited (${code ?? signal}); its log: ${log.path}`));
    });
  });
}

async function stopWorker(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

type Figures = {
  /** Documents/s under the throughput load: the pipeline's capacity. */
  docs_per_s: number;
  /** Upload→Ready under the latency load (each uploader waits for its document). */
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  web_cpu_ms_per_doc: number;
  worker_cpu_ms_per_doc: number;
  machine_cpu_ms_per_doc: number;
  throughput: LoadFigures;
  latency: LoadFigures;
};

function report(pipeline: Figures, baseline: Figures, steps: Awaited<ReturnType<typeof stepFiguresOf>>) {
  const columns = (values: (string | number)[]) => values.map((v, i) => (i ? String(v).padStart(11) : String(v).padEnd(9))).join(' ');
  console.log('throughput load (uploaders do not wait for Ready; the backlog waits in the first queue):');
  console.log(columns(['', 'docs/s', 'backlog p50', 'upload p50', 'web cpu/doc', 'wkr cpu/doc', 'all cpu/doc']));
  const throughputRow = (label: string, f: Figures) =>
    columns([label, f.docs_per_s, f.throughput.p50_ms, f.throughput.upload_p50_ms, f.web_cpu_ms_per_doc, f.worker_cpu_ms_per_doc, f.machine_cpu_ms_per_doc]);
  console.log(throughputRow('pipeline', pipeline));
  console.log(throughputRow('baseline', baseline));
  console.log(`\nlatency load (each of the ${uploaders} uploaders waits for its document to be Ready before the next):`);
  console.log(columns(['', 'p50 ms', 'p95 ms', 'p99 ms', 'docs/s', 'upload p50']));
  const latencyRow = (label: string, f: Figures) => columns([label, f.p50_ms, f.p95_ms, f.p99_ms, f.latency.docs_per_s, f.latency.upload_p50_ms]);
  console.log(latencyRow('pipeline', pipeline));
  console.log(latencyRow('baseline', baseline));
  const overheadRatio = round(pipeline.p50_ms / baseline.p50_ms, 2);
  const throughputRatio = round(pipeline.docs_per_s / baseline.docs_per_s, 3);
  console.log(`\noverhead_ratio (pipeline p50 / bare p50, latency load) = ${overheadRatio}; throughput_ratio (pipeline docs/s / bare docs/s) = ${throughputRatio}`);
  const ceiling = (f: Figures) => Math.round((cpus().length * 1000) / f.machine_cpu_ms_per_doc);
  console.log(`CPU ceiling (${cpus().length} cores ÷ all cpu/doc, Postgres included): pipeline ${ceiling(pipeline)} docs/s, baseline ${ceiling(baseline)} docs/s`);

  console.log('\nwhere the time goes under the latency load (p50 / p95 ms, from the event log):');
  console.log(`  upload (start → DocumentUploadRequested)  ${steps.upload.p50_ms} / ${steps.upload.p95_ms}`);
  for (const [step, figures] of Object.entries(steps.steps)) {
    console.log(`  ${step.padEnd(8)} handoff ${figures.handoff.p50_ms} / ${figures.handoff.p95_ms}   run ${figures.run.p50_ms} / ${figures.run.p95_ms}`);
  }
  console.log(`  tail (last step's work → Ready heard)     ${steps.tail.p50_ms} / ${steps.tail.p95_ms}`);

  const met = { docs_per_s: pipeline.docs_per_s >= targets.docs_per_s, p50_ms: pipeline.p50_ms <= targets.p50_ms, p95_ms: pipeline.p95_ms <= targets.p95_ms };
  const verdict = Object.entries(met).map(([key, ok]) => `${key} ${ok ? 'met' : 'MISSED'}`).join(', ');
  console.log(`\ntargets: ≥ ${targets.docs_per_s} docs/s, p50 ≤ ${targets.p50_ms} ms, p95 ≤ ${targets.p95_ms} ms: ${verdict}`);
  // Other work on the machine shows here: the figures are only comparable between runs with a similar load.
  const load = loadavg().map((value) => round(value, 2));
  console.log(`load average at the end (1/5/15 min): ${load.join(' / ')} on ${cpus().length} CPUs`);

  const results = {
    ...pipeline,
    overhead_ratio: overheadRatio,
    throughput_ratio: throughputRatio,
    baseline,
    steps,
    targets,
    targets_met: met,
    recordedAt: new Date().toISOString(),
    environment: { server: database.description, cpus: cpus().length, loadavg: load, node: process.version, uploaders, workspaces, workflow: documentWorkflow.steps.map((s) => s.name) },
  };
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/pipeline.json', `${JSON.stringify(results, null, 2)}\n`);
  console.log('written to bench-results/pipeline.json');
}

await main();
