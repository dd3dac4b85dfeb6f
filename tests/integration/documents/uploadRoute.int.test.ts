/**
 * POST /api/uploads, called as a program would (Bearer token, x-tenant): an
 * accepted file starts the workflow and answers 201; every refusal answers its
 * status with a message in the caller's language, is recorded as
 * DocumentUploadFailed, and leaves no document and no stored bytes behind.
 */
import { mkdtempSync, readdirSync, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
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
const { passwordProtectedDocx } = await import('@/tests/fixtures/documents/makeFixtures');

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

/** Every file under this test's blobs directory, staged or stored. */
const storedFiles = () => {
  const blobs = path.join(process.env.DATA_DIR!, 'blobs');
  return existsSync(blobs) ? readdirSync(blobs, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name)) : [];
};
/** The message a Spanish reader gets for `key`, from messages/es.json itself. */
async function spanish(key: string, params: Record<string, string | number> = {}): Promise<string> {
  const messages = JSON.parse(await readFile(path.resolve(import.meta.dirname, '../../../messages/es.json'), 'utf8'));
  const template = key.split('.').reduce((node, part) => node[part], messages) as unknown as string;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name]));
}
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

  // A JPEG, a PNG and a Windows executable (MZ header), each named .pdf: refused for what the bytes are, not the name.
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
  const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from([0x80, 0, 0, 0]), Buffer.from('This program cannot be run in DOS mode.\r\n')]);
  it.each([
    ['a JPEG named .pdf', 415, 'documents.upload.unsupportedType', { name: 'photo.pdf', content: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]) }, {}],
    ['a PNG named .pdf', 415, 'documents.upload.unsupportedType', { name: 'scan.pdf', content: png }, {}],
    ['a Windows program named .pdf', 415, 'documents.upload.unsupportedType', { name: 'invoice.pdf', content: exe }, {}],
    ['a Latin-1 text', 415, 'documents.upload.notUtf8', { name: 'notas.txt', content: Buffer.from('Reunión del año próximo.\n', 'latin1') }, {}],
    ['a password-protected .docx', 415, 'documents.upload.docxEncrypted', { name: 'secreto.docx', content: passwordProtectedDocx() }, {}],
    ['an empty file', 422, 'documents.upload.empty', { name: 'empty.txt', content: Buffer.alloc(0) }, {}],
    ['a file over MAX_UPLOAD_MB', 413, 'documents.upload.tooLarge', { name: 'big.txt', content: Buffer.alloc(1.5 * 1024 * 1024, 'a') }, { mb: 1 }],
  ])('answers %s with %i and the message in Spanish, records the reason, and leaves nothing in storage', async (_what, status, reason, file, params) => {
    const before = { stored: storedFiles(), failures: (await failures()).length, documents: await documentCount() };
    const response = await send(file, { 'accept-language': 'es-ES,es;q=0.9' });
    expect(response.status).toBe(status);
    expect((await response.json()).error).toEqual({ code: reason, message: await spanish(reason, params) });
    const recorded = await failures();
    expect(recorded).toHaveLength(before.failures + 1);
    expect(recorded.at(-1)).toEqual({ reason, file_name: file.name });
    expect(await documentCount()).toBe(before.documents);
    expect(storedFiles()).toEqual(before.stored);
  });

  it('answers a text named .pdf with 422 naming the mismatch, in Spanish, records it, and leaves nothing in storage', async () => {
    const before = { stored: storedFiles(), failures: (await failures()).length, documents: await documentCount() };
    const response = await send({ name: 'fake.pdf', content: Buffer.from('Just a note, not a PDF.\n') }, { 'accept-language': 'es' });
    expect(response.status).toBe(422);
    expect((await response.json()).error).toEqual({
      code: 'documents.upload.nameMismatch',
      message: 'fake.pdf tiene extensión de PDF, pero su contenido es texto sin formato. Cámbiale el nombre para que la extensión coincida con el contenido o sube el archivo correcto.',
    });
    const recorded = await failures();
    expect(recorded).toHaveLength(before.failures + 1);
    expect(recorded.at(-1)).toEqual({ reason: 'documents.upload.nameMismatch', file_name: 'fake.pdf' });
    expect(await documentCount()).toBe(before.documents);
    expect(storedFiles()).toEqual(before.stored);
  });

  it('answers a form without a file field with 422, in Spanish, and records it', async () => {
    const before = { stored: storedFiles(), failures: (await failures()).length, documents: await documentCount() };
    const request = multipartRequest([{ name: 'document', fileName: 'notes.txt', content: Buffer.from('Sent under the wrong field name.\n') }], {
      headers: { authorization: `Bearer ${tokens.member}`, 'x-tenant': owner.slug, 'accept-language': 'es' },
    });
    const response = await POST(request);
    expect(response.status).toBe(422);
    expect((await response.json()).error).toEqual({ code: 'documents.upload.missingFile', message: await spanish('documents.upload.missingFile') });
    const recorded = await failures();
    expect(recorded).toHaveLength(before.failures + 1);
    expect(recorded.at(-1)).toEqual({ reason: 'documents.upload.missingFile', file_name: '' });
    expect(await documentCount()).toBe(before.documents);
    expect(storedFiles()).toEqual(before.stored);
  });

  it('refuses a request that is not multipart with 400', async () => {
    const response = await POST(
      new Request('http://localhost/api/uploads', { method: 'POST', body: 'hello', headers: { authorization: `Bearer ${tokens.member}`, 'x-tenant': owner.slug, 'content-type': 'text/plain' } }),
    );
    expect(response.status).toBe(400);
  });

  it('refuses a token that is not valid with 401, saying so', async () => {
    const response = await send({ name: 'a.txt', content: Buffer.from('hello') }, { authorization: 'Bearer trm_not-a-real-token' });
    expect(response.status).toBe(401);
    expect((await response.json()).error.message).toMatch(/^This API token is not valid/);
  });

  it('refuses a viewer token with 403 and records nothing', async () => {
    const before = (await failures()).length;
    const response = await send({ name: 'a.txt', content: Buffer.from('hello') }, { authorization: `Bearer ${tokens.viewer}` });
    expect(response.status).toBe(403);
    expect((await failures()).length).toBe(before);
  });
});
