/**
 * POST /api/uploads, called as a program would (Bearer token, x-tenant): an
 * accepted file starts the workflow and answers 201; every refusal answers its
 * status with a message in the caller's language, is recorded as
 * DocumentUploadFailed, and leaves no document and no stored bytes behind.
 */
import { mkdtempSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

// This file's own blobs and a 1 MB limit, set before anything reads the configuration.
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), 'tramite-upload-route-'));
process.env.MAX_UPLOAD_MB = '1';

const { POST } = await import('@/app/api/uploads/route');
const { callerFor, newUser } = await import('@/tests/support/callers');
const { multipartRequest } = await import('@/tests/support/multipartRequest');
const { ownerQuery } = await import('@/tests/support/ownerQuery');

let owner: Awaited<ReturnType<typeof newUser>>;
const tokens: Record<'member' | 'viewer', string> = { member: '', viewer: '' };

beforeAll(async () => {
  owner = await newUser('Uploader');
  for (const role of ['member', 'viewer'] as const) tokens[role] = (await callerFor(owner.user, owner.slug).tokens.create({ name: role, role })).token;
});

function send(file: { name: string; content: Buffer }, headers: Record<string, string> = {}) {
  const request = multipartRequest([{ name: 'file', fileName: file.name, content: file.content }], {
    headers: { authorization: `Bearer ${tokens.member}`, 'x-tenant': owner.slug, ...headers },
  });
  return POST(request);
}

const stagedFiles = () => {
  const staging = path.join(process.env.DATA_DIR!, 'blobs', 'staging');
  return existsSync(staging) ? readdirSync(staging) : [];
};
const failures = () =>
  ownerQuery<{ reason: string; file_name: string }>(
    `select data->>'reason' as reason, data->>'fileName' as file_name from events where tenant_id = $1 and type = 'DocumentUploadFailed' order by position`,
    [owner.tenantId],
  );
const documentCount = async () => Number((await ownerQuery<{ n: string }>('select count(*) as n from documents where tenant_id = $1', [owner.tenantId]))[0]!.n);

describe('POST /api/uploads', () => {
  it('accepts a text file: 201 with the document id, the document recorded as uploading', async () => {
    const response = await send({ name: 'notes.md', content: Buffer.from('# Notes\n\nThe river samples arrive on Monday.\n') });
    expect(response.status).toBe(201);
    const { documentId } = await response.json();
    const [row] = await ownerQuery<{ kind: string; file_name: string; uploaded_by: string | null }>('select kind, file_name, uploaded_by from documents where id = $1', [documentId]);
    expect(row).toEqual({ kind: 'md', file_name: 'notes.md', uploaded_by: null });
  });

  it.each([
    ['an unsupported type', 415, 'documents.upload.unsupportedType', { name: 'photo.pdf', content: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]) }],
    ['an empty file', 422, 'documents.upload.empty', { name: 'empty.txt', content: Buffer.alloc(0) }],
    ['a file over MAX_UPLOAD_MB', 413, 'documents.upload.tooLarge', { name: 'big.txt', content: Buffer.alloc(1.5 * 1024 * 1024, 'a') }],
  ])('refuses %s with %i, records why, and keeps nothing', async (_what, status, reason, file) => {
    const documentsBefore = await documentCount();
    const stagedBefore = stagedFiles();
    const response = await send(file, { 'accept-language': 'es' });
    expect(response.status).toBe(status);
    const body = await response.json();
    expect(body.error.code).toBe(reason);
    expect(body.error.message).not.toBe(reason); // translated, not the key
    expect((await failures()).at(-1)).toMatchObject({ reason });
    expect(await documentCount()).toBe(documentsBefore);
    expect(stagedFiles()).toEqual(stagedBefore);
  });

  it('refuses a request that is not multipart with 400', async () => {
    const response = await POST(
      new Request('http://localhost/api/uploads', { method: 'POST', body: 'hello', headers: { authorization: `Bearer ${tokens.member}`, 'x-tenant': owner.slug, 'content-type': 'text/plain' } }),
    );
    expect(response.status).toBe(400);
  });

  it('refuses a viewer token with 403 and records nothing', async () => {
    const before = (await failures()).length;
    const response = await send({ name: 'a.txt', content: Buffer.from('hello') }, { authorization: `Bearer ${tokens.viewer}` });
    expect(response.status).toBe(403);
    expect((await failures()).length).toBe(before);
  });
});
