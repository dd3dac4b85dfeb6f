/**
 * The cross-tenant attack suite. Every workspace-scoped tRPC procedure (found
 * from the router, so new ones are covered without editing this file) is
 * tried by every role of workspace B and every API token of B against
 * workspace A, and by A's tokens naming B. Each attempt must be refused
 * without revealing whether the thing exists, and A must be unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyProcedure } from '@trpc/server';
import { appRouter, type Context } from '@/server/api';
import { createCallerFactory, type Meta } from '@/server/api/trpc';
import type { SessionUser } from '@/server/auth';
import { resolveApiToken, type Role } from '@/server/tenancy';
import { callerFor, newUser } from '@/tests/support/callers';
import { ownerQuery } from '@/tests/support/ownerQuery';
import { readdirSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { requestDocumentUpload } from '@/server/documents';
import { getBlobStorage } from '@/server/documents/storage';
import { POST as uploadRoute } from '@/app/api/uploads/route';
import { GET as fileRoute } from '@/app/api/files/[id]/route';

type Workspace = {
  slug: string;
  tenantId: string;
  users: Record<Role, SessionUser>;
  tokens: Record<Exclude<Role, 'owner'>, string>;
  tokenIds: string[];
  invitationId: string;
  documentId: string;
  notificationId: string;
};

const createCaller = createCallerFactory(appRouter);
const roleNames: Role[] = ['owner', 'admin', 'member', 'viewer'];
let attempts = 0;

/** Procedures that take no workspace: each acts only on the caller's own account. Adding one needs a reason here. */
const accountProcedures: Record<string, string> = {
  'tenants.list': "lists the caller's own memberships",
  'tenants.create': 'creates a new workspace owned by the caller',
  'invitations.describe': 'reads the one invitation whose secret link the caller holds',
  'invitations.accept': "accepts that invitation, only for the account it names",
};

async function workspace(name: string): Promise<Workspace> {
  const owner = await newUser(name);
  const asOwner = callerFor(owner.user, owner.slug);
  const users = { owner: owner.user } as Record<Role, SessionUser>;
  for (const role of ['admin', 'member', 'viewer'] as const) {
    const person = await newUser(`${name} ${role}`);
    const { link } = await asOwner.members.invite({ email: person.user.email, role });
    await callerFor(person.user).invitations.accept({ token: link!.split('/invitations/')[1]! });
    users[role] = person.user;
  }
  const tokens = {} as Workspace['tokens'];
  const tokenIds: string[] = [];
  for (const role of ['admin', 'member', 'viewer'] as const) {
    const created = await asOwner.tokens.create({ name: `${name} ${role} token`, role });
    tokens[role] = created.token;
    tokenIds.push(created.id);
  }
  const { id: invitationId } = await asOwner.members.invite({ email: `pending-${name}@example.com`, role: 'member' });
  const documentId = await uploadDocument(owner.tenantId, owner.user.id, `${name} secret plans`);
  const [notification] = await ownerQuery<{ id: string }>(
    `insert into notifications (tenant_id, recipient_id, type, params) values ($1, $2, 'document.ready', $3) returning id`,
    [owner.tenantId, owner.user.id, JSON.stringify({ documentId, fileName: `${name} secret plans.txt` })],
  );
  return { slug: owner.slug, tenantId: owner.tenantId, users, tokens, tokenIds, invitationId, documentId, notificationId: notification!.id };
}

/** A document of the workspace, staged and recorded as the upload route does (its workflow need not run here). */
async function uploadDocument(tenantId: string, userId: string, text: string): Promise<string> {
  const staged = await getBlobStorage().stage(Readable.from([Buffer.from(text)]), { maxBytes: 1024 });
  const caller = { tenantId, actor: { kind: 'user' as const, id: userId }, userId, role: 'owner' as const };
  const file = { fileName: `${text}.txt`, kind: 'txt' as const, contentType: 'text/plain', ...staged };
  return (await requestDocumentUpload(caller, file)).documentId;
}

/** One input that satisfies every procedure's schema, naming A's things (zod drops the keys a schema does not use). */
function inputNaming(target: Workspace, id: string = target.documentId) {
  return { id, ids: [id], userId: target.users.owner.id, role: 'viewer', name: 'attacker', email: 'attacker@example.com', query: 'secret plans' };
}

/** Every id of A an input could name: its document, an API token, an invitation, a notification. */
const idsOf = (target: Workspace) => [target.documentId, target.tokenIds[0]!, target.invitationId, target.notificationId];

function tenantProcedures(): [string, AnyProcedure][] {
  const procedures = appRouter._def.procedures as unknown as Record<string, AnyProcedure>;
  return Object.entries(procedures).filter(([, p]) => (p._def.meta as Meta | undefined)?.scope === 'tenant');
}

async function call(ctx: Context, path: string, input: unknown): Promise<unknown> {
  attempts += 1;
  const caller = createCaller(ctx) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
  const [router, procedure] = path.split('.') as [string, string];
  return caller[router]![procedure]!(input).then(
    (result) => ({ result }),
    (error: { code?: string; message?: string }) => ({ code: error.code, message: error.message }),
  );
}

const asUser = (user: SessionUser, tenant: string): Context => ({ user, apiToken: null, ip: '127.0.0.1', headers: new Headers({ 'x-tenant': tenant }), locale: 'en' });
const asToken = async (token: string, tenant: string): Promise<Context> => ({
  user: null,
  apiToken: await resolveApiToken(token),
  ip: '127.0.0.1', headers: new Headers({ 'x-tenant': tenant }),
  locale: 'en',
});

/** Everything of A that an attack could change, read as the owner (no row-level security). */
async function stateOf(target: Workspace) {
  return {
    members: await ownerQuery('select user_id, role from memberships where tenant_id = $1 order by user_id', [target.tenantId]),
    tokens: await ownerQuery('select id, role, revoked_at from api_tokens where tenant_id = $1 order by id', [target.tenantId]),
    invitations: await ownerQuery('select id, accepted_at, revoked_at from invitations where tenant_id = $1 order by id', [target.tenantId]),
    events: await ownerQuery('select count(*) as n from events where tenant_id = $1', [target.tenantId]),
    documents: await ownerQuery('select id, status from documents where tenant_id = $1 order by id', [target.tenantId]),
    notifications: await ownerQuery('select id, seen_at, read_at from notifications where tenant_id = $1 order by id', [target.tenantId]),
  };
}

let a: Workspace;
let b: Workspace;

beforeAll(async () => {
  a = await workspace('Alpha');
  b = await workspace('Beta');
});

afterAll(() => {
  console.log(`cross-tenant attack suite: ${attempts} attempts, ${tenantProcedures().length} workspace procedures`);
});

/**
 * Every route handler and server action, each with how this suite covers it.
 * A new one fails the first test below until someone decides how it is attacked.
 */
const entryPoints: Record<string, string> = {
  'app/api/trpc/[trpc]/route.ts': 'every procedure is attacked below, from the router',
  'app/api/uploads/route.ts': 'attacked below with tokens of each workspace',
  'app/api/files/[id]/route.ts': 'attacked below with tokens of each workspace',
  'app/api/realtime/auth/route.ts': 'signs channels through authorizeChannel, attacked in tests/realtime/channelAuth.int.test.ts',
  'app/api/auth/[...nextauth]/route.ts': 'sign-in only; takes no workspace',
  'app/api/health/route.ts': 'public report of database, migrations, queue and realtime; reads no workspace (tests/integration/observability/health.int.test.ts)',
  'app/api/metrics/route.ts': 'figures summed over every workspace, no tenant in any label, behind METRICS_TOKEN (tests/integration/observability/metrics.int.test.ts)',
  'app/(auth)/sign-up/actions.ts': 'creates an account and its own workspace; takes no workspace',
  'app/workspaces/new/actions.ts': 'creates a workspace owned by the caller; takes no workspace',
  'app/_components/localeActions.ts': 'sets the language cookie; takes no workspace',
};

function findEntryPoints(dir = 'app'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return findEntryPoints(path);
    if (entry.name === 'route.ts') return [path];
    return /\.tsx?$/.test(entry.name) && /^'use server'/.test(readFileSync(path, 'utf8')) ? [path] : [];
  });
}

describe('cross-tenant attacks', () => {
  it('knows how every route handler and server action is covered', () => {
    expect(findEntryPoints().sort()).toEqual(Object.keys(entryPoints).sort());
  });

  it('finds workspace procedures in the router, and every other procedure is a reviewed account procedure', () => {
    const all = Object.keys(appRouter._def.procedures);
    const scoped = tenantProcedures().map(([path]) => path);
    expect(scoped.length).toBeGreaterThanOrEqual(10);
    expect(all.filter((path) => !scoped.includes(path)).sort()).toEqual(Object.keys(accountProcedures).sort());
  });

  it("refuses every role of B naming A's workspace, with the same 404 as for a workspace that does not exist", async () => {
    const before = await stateOf(a);
    for (const [path] of tenantProcedures()) {
      for (const role of roleNames) {
        const intoA = await call(asUser(b.users[role], a.slug), path, inputNaming(a));
        const intoNowhere = await call(asUser(b.users[role], 'no-such-workspace'), path, inputNaming(a));
        expect({ path, role, answer: intoA }).toEqual({ path, role, answer: { code: 'NOT_FOUND', message: 'Workspace not found.' } });
        expect(intoNowhere).toEqual(intoA);
      }
    }
    expect(await stateOf(a)).toEqual(before);
  });

  it("refuses B's tokens naming A, and A's tokens naming B", async () => {
    const before = [await stateOf(a), await stateOf(b)];
    for (const [path] of tenantProcedures()) {
      for (const role of ['admin', 'member', 'viewer'] as const) {
        expect({ path, role, answer: await call(await asToken(b.tokens[role], a.slug), path, inputNaming(a)) }).toMatchObject({
          answer: { code: 'NOT_FOUND' },
        });
        expect({ path, role, answer: await call(await asToken(a.tokens[role], b.slug), path, inputNaming(b)) }).toMatchObject({
          answer: { code: 'NOT_FOUND' },
        });
      }
    }
    expect([await stateOf(a), await stateOf(b)]).toEqual(before);
  });

  it("never reaches A's rows from inside B, whatever ids of A the input names", async () => {
    const before = await stateOf(a);
    const secretsOfA = [a.tenantId, ...a.tokenIds, a.invitationId, a.documentId, 'Alpha secret plans', ...roleNames.map((r) => a.users[r].email)];
    for (const [path] of tenantProcedures()) {
      for (const role of roleNames) {
        const answers: unknown[] = [];
        for (const id of idsOf(a)) answers.push(await call(asUser(b.users[role], b.slug), path, inputNaming(a, id)));
        const leaked = secretsOfA.filter((secret) => JSON.stringify(answers).includes(secret));
        expect({ path, role, leaked }).toEqual({ path, role, leaked: [] });
      }
      for (const role of ['admin', 'member', 'viewer'] as const) {
        const answer = await call(await asToken(b.tokens[role], b.slug), path, inputNaming(a));
        expect({ path, role, leaked: secretsOfA.filter((s) => JSON.stringify(answer).includes(s)) }).toEqual({ path, role, leaked: [] });
      }
    }
    expect(await stateOf(a)).toEqual(before);
  });

  it("refuses the route handlers across workspaces: uploads and downloads, by token, with 404s that reveal nothing", async () => {
    const before = [await stateOf(a), await stateOf(b)];
    const upload = (token: string, tenant: string) => {
      const body = new FormData();
      body.append('file', new Blob(['hello from the other side']), 'note.txt');
      return uploadRoute(new Request('http://localhost/api/uploads', { method: 'POST', body, headers: { authorization: `Bearer ${token}`, 'x-tenant': tenant } }));
    };
    const download = (token: string, tenant: string, id: string) =>
      fileRoute(new Request(`http://localhost/api/files/${id}?tenant=${tenant}`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ id }) });
    const statuses: number[] = [];
    for (const role of ['admin', 'member', 'viewer'] as const) {
      attempts += 4;
      statuses.push((await upload(b.tokens[role], a.slug)).status, (await upload(a.tokens[role], b.slug)).status);
      statuses.push((await download(b.tokens[role], a.slug, a.documentId)).status, (await download(b.tokens[role], b.slug, a.documentId)).status);
    }
    expect(statuses.every((status) => status === 404)).toBe(true);
    // A missing document in one's own workspace answers the same as another workspace's document.
    attempts += 1;
    const missing = await download(b.tokens.admin, b.slug, '00000000-0000-4000-8000-000000000000');
    const foreign = await download(b.tokens.admin, b.slug, a.documentId);
    expect(await missing.json()).toEqual(await foreign.json());
    expect([await stateOf(a), await stateOf(b)]).toEqual(before);
  });

  it("does not let a stolen invitation link of A be used by an account it does not name", async () => {
    const { link } = await callerFor(a.users.owner, a.slug).members.invite({ email: 'invited-into-a@example.com', role: 'admin' });
    const token = link!.split('/invitations/')[1]!;
    for (const role of roleNames) {
      const answer = await call({ user: b.users[role], apiToken: null, ip: '127.0.0.1', headers: new Headers(), locale: 'en' }, 'invitations.accept', { token });
      expect(answer).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect((await stateOf(a)).members).toHaveLength(4);
  });
});
