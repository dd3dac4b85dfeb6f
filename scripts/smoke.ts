/**
 * `npm run smoke -- --url URL --email E --password P [--tenant SLUG]`: the
 * last step of a deploy. Against a running Tramite, as a person would: the
 * health report, sign-in, one small text file uploaded into the workspace,
 * then the document followed until its workflow says Ready. Prints each
 * step with its time; exits 1 at the first that fails.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { SmokeClient } from './smoke/smokeClient';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    email: { type: 'string' },
    password: { type: 'string' },
    tenant: { type: 'string' },
    'timeout-seconds': { type: 'string', default: '120' },
  },
});
if (!values.url || !values.email || !values.password) {
  console.error('Usage: npm run smoke -- --url https://tramite.example.org --email you@example.org --password … [--tenant workspace-slug]');
  process.exit(2);
}

const client = new SmokeClient(values.url);
const deadline = Date.now() + Number(values['timeout-seconds']) * 1000;

async function step<T>(name: string, run: () => Promise<[T, string]>): Promise<T> {
  const started = performance.now();
  try {
    const [result, detail] = await run();
    console.log(`ok    ${name.padEnd(10)} ${String(Math.round(performance.now() - started)).padStart(6)} ms  ${detail}`);
    return result;
  } catch (error) {
    console.log(`FAIL  ${name.padEnd(10)} ${String(Math.round(performance.now() - started)).padStart(6)} ms  ${(error as Error).message}`);
    console.log('\nThe smoke check failed.');
    process.exit(1);
  }
}

type Document = { id: string; status: string; failureReason?: string | null };
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

await step('health', async () => {
  const response = await client.request('/api/health');
  const report = (await response.json()) as { status: string; failing?: string[] };
  if (response.status !== 200) throw new Error(`${response.status}: failing ${report.failing?.join(', ') || report.status}`);
  return [null, 'every check ok'];
});
await step('sign-in', async () => {
  await client.signIn(values.email!, values.password!);
  return [null, `as ${values.email}`];
});
const tenant = await step('workspace', async () => {
  const workspaces = await client.query<{ slug: string; name: string }[]>('tenants.list', undefined);
  const chosen = values.tenant ? workspaces.find((workspace) => workspace.slug === values.tenant) : workspaces[0];
  if (!chosen) throw new Error(values.tenant ? `not a member of ${values.tenant}` : 'this account belongs to no workspace');
  return [chosen.slug, `${chosen.name} (${chosen.slug})`];
});
const documentId = await step('upload', async () => {
  const fileName = `smoke-${new Date().toISOString().replace(/[:.]/g, '-')}.txt`;
  const form = new FormData();
  form.append('file', new Blob([`Smoke check of a Tramite deploy at ${new Date().toISOString()}.\nThe heron counts the reeds.\n`], { type: 'text/plain' }), fileName);
  const response = await client.request('/api/uploads', { method: 'POST', headers: { 'x-tenant': tenant }, body: form });
  const body = (await response.json()) as { documentId?: string; error?: { message: string } };
  if (response.status !== 201 || !body.documentId) throw new Error(`${response.status}: ${body.error?.message ?? 'no document id'}`);
  return [body.documentId, `${fileName} → document ${body.documentId}`];
});
await step('ready', async () => {
  const seen: string[] = [];
  for (;;) {
    const { document } = await client.query<{ document: Document }>('documents.get', { id: documentId }, tenant);
    if (seen.at(-1) !== document.status) seen.push(document.status);
    if (document.status === 'ready') return [null, seen.join(' → ')];
    if (document.status === 'failed' || document.status === 'cancelled') throw new Error(`${seen.join(' → ')}${document.failureReason ? `: ${document.failureReason}` : ''}`);
    if (Date.now() > deadline) throw new Error(`still ${document.status} after ${values['timeout-seconds']} s (${seen.join(' → ')})`);
    await pause(500);
  }
});
console.log('\nThe smoke check passed.');
