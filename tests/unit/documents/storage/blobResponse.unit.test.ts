import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobNotFoundError, blobResponse, contentDisposition, localDiskStorage } from '@/server/documents/storage';

const root = mkdtempSync(path.join(os.tmpdir(), 'tramite-downloads-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const storage = localDiskStorage(root);
const bytes = Buffer.from('<!doctype html><script>alert(1)</script>');
let storageKey: string;

beforeAll(async () => {
  const staged = await storage.stage(Readable.from([bytes]), { maxBytes: 1024 });
  storageKey = await storage.promote(staged.stagingKey, { tenantId: randomUUID(), sha256: staged.sha256 });
});

describe('blobResponse', () => {
  it('streams the stored file as an attachment with its length, never sniffed', async () => {
    const response = await blobResponse(storageKey, { fileName: 'notes.txt', contentType: 'text/plain; charset=utf-8' }, storage);
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'text/plain; charset=utf-8',
      'content-length': String(bytes.length),
      'content-disposition': `attachment; filename="notes.txt"; filename*=UTF-8''notes.txt`,
      'x-content-type-options': 'nosniff',
    });
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
  });

  it('sends HTML as opaque bytes, so the browser never renders it', async () => {
    const response = await blobResponse(storageKey, { fileName: 'page.html', contentType: 'text/html; charset=utf-8' }, storage);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('throws BlobNotFoundError when the file is not there', async () => {
    await expect(blobResponse(`${randomUUID()}/${'f'.repeat(64)}`, { fileName: 'a.pdf', contentType: 'application/pdf' }, storage)).rejects.toBeInstanceOf(BlobNotFoundError);
  });
});

describe('contentDisposition', () => {
  it('gives any name exactly as RFC 5987 filename*, with an ASCII fallback', () => {
    expect(contentDisposition('Informe año (final)*.pdf')).toBe(`attachment; filename="Informe a_o (final)*.pdf"; filename*=UTF-8''Informe%20a%C3%B1o%20%28final%29%2A.pdf`);
  });

  it('cannot be broken out of by quotes, backslashes or line breaks in the name', () => {
    const header = contentDisposition('a"; filename="evil.html\\\r\n.txt');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header.split('"').length).toBe(3); // just the fallback's own pair
    expect(decodeURIComponent(header.split("UTF-8''")[1]!)).toBe('a"; filename="evil.html\\\r\n.txt');
  });
});
