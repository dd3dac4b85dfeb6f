/**
 * A web request's id travels into the workflow: POST /api/uploads honours
 * the caller's x-request-id (or makes one), answers with it, and stores it
 * in the metadata of the events the upload appends, beside their
 * correlation id — where every job of that workflow reads it from.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), 'tramite-request-id-'));

const { POST } = await import('@/app/api/uploads/route');
const { callerFor, newUser } = await import('@/tests/support/callers');
const { multipartRequest } = await import('@/tests/support/multipartRequest');
const { ownerQuery } = await import('@/tests/support/ownerQuery');

let owner: Awaited<ReturnType<typeof newUser>>;
let token: string;
beforeAll(async () => {
  owner = await newUser('Requester');
  token = (await callerFor(owner.user, owner.slug).tokens.create({ name: 'uploads', role: 'member' })).token;
});

function upload(headers: Record<string, string> = {}) {
  const request = multipartRequest([{ name: 'file', fileName: 'note.txt', content: Buffer.from('The heron counts the reeds.\n') }], {
    headers: { authorization: `Bearer ${token}`, 'x-tenant': owner.slug, ...headers },
  });
  return POST(request);
}

const metadataOf = async (documentId: string) =>
  (await ownerQuery<{ metadata: { requestId?: string; correlationId: string } }>(
    `select metadata from events where tenant_id = $1 and stream_id = $2 and type = 'DocumentUploadRequested'`,
    [owner.tenantId, `document-${documentId}`],
  ))[0]!.metadata;

describe('the request id', () => {
  it("is the caller's x-request-id, answered back and stored with the events the request appends", async () => {
    const response = await upload({ 'x-request-id': 'lb-7f3a9c21-req' });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-request-id')).toBe('lb-7f3a9c21-req');
    const { documentId } = await response.json();
    expect(await metadataOf(documentId)).toMatchObject({ requestId: 'lb-7f3a9c21-req', correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it('is made up when the caller sends none, or one that could forge log lines', async () => {
    for (const given of [undefined, 'short', 'two words here', 'x'.repeat(200)]) {
      const response = await upload(given === undefined ? {} : { 'x-request-id': given });
      const requestId = response.headers.get('x-request-id')!;
      expect(requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(await metadataOf((await response.json()).documentId)).toMatchObject({ requestId });
    }
  });
});
