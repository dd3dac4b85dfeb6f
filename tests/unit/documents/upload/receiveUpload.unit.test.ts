import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { localDiskStorage } from '@/server/documents/storage';
import { receiveUpload, UploadRefusedError } from '@/server/documents/upload';
import { translate } from '@/i18n/translate';
import { generatedStream, sha256Of } from '@/tests/support/blobStorageContract';
import { multipartRequest } from '@/tests/support/multipartRequest';
import { docxArchive, zipArchive } from '@/tests/support/zipArchive';
import { passwordProtectedDocx } from '@/tests/fixtures/documents/makeFixtures';

const root = mkdtempSync(path.join(os.tmpdir(), 'tramite-uploads-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const storage = localDiskStorage(root);
const mb = 1024 * 1024;
const maxBytes = 25 * mb;
const pdf = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');

const staged = () => {
  try {
    return readdirSync(path.join(root, 'staging'));
  } catch {
    return [];
  }
};
const upload = (fileName: string, content: Buffer | Readable, options?: Parameters<typeof multipartRequest>[1]) =>
  receiveUpload(multipartRequest([{ name: 'file', fileName, content }], options), { maxBytes, storage });
const refusal = (promise: Promise<unknown>) => promise.then(() => expect.fail('the upload was accepted'), (error: unknown) => error as UploadRefusedError);

/** A PDF-looking stream of `size` bytes, made as it is read. */
function pdfStream(size: number): Readable {
  return Readable.from(
    (async function* () {
      yield Buffer.from('%PDF-1.7\n');
      yield* generatedStream(size - 9);
    })(),
  );
}

describe('receiveUpload', () => {
  it('stages the file part and says what it is, judged by content', async () => {
    const received = await upload('Informe año.txt', pdf);
    expect(received).toEqual({
      fileName: 'Informe año.txt',
      kind: 'pdf',
      contentType: 'application/pdf',
      stagingKey: expect.stringMatching(/^staging\//),
      sizeBytes: pdf.length,
      sha256: sha256Of(pdf),
    });
    expect(readFileSync(path.join(root, received.stagingKey))).toEqual(pdf);
  });

  it('sanitises the file name', async () => {
    expect((await upload('../../etc/<passwd>.txt', Buffer.from('root:x:0:0\n'))).fileName).toBe('_passwd_.txt');
  });

  it('skips the other form fields', async () => {
    const request = multipartRequest([
      { name: 'note', value: 'hello' },
      { name: 'file', fileName: 'data.csv', content: Buffer.from('a,b\n1,2\n') },
    ]);
    expect((await receiveUpload(request, { maxBytes, storage })).kind).toBe('csv');
  });

  it('finds a DOCX whose main part comes after the first chunks', async () => {
    const docx = docxArchive([{ name: 'word/media/image1.png', content: randomBytes(300 * 1024) }]);
    expect((await upload('letter.docx', Readable.from(chunks(docx, 16 * 1024)))).kind).toBe('docx');
  });

  it('streams a 25 MB file through with flat memory', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const inUse = () => {
      gc();
      const { heapUsed, arrayBuffers } = process.memoryUsage();
      return heapUsed + arrayBuffers;
    };
    const before = inUse();
    let peak = 0;
    let sent = 0;
    // Measured while the upload runs: after each megabyte produced, what is still alive.
    const source = new Readable({
      read() {
        if (sent % mb === 0 && sent > 0) peak = Math.max(peak, inUse() - before);
        if (sent >= maxBytes) return this.push(null);
        const chunk = Buffer.alloc(64 * 1024, 'a');
        if (sent === 0) Buffer.from('%PDF-1.7\n').copy(chunk);
        sent += chunk.length;
        this.push(chunk);
      },
    });
    const received = await upload('big.pdf', source);
    expect(received.sizeBytes).toBe(maxBytes);
    if (process.env.PRINT_MEMORY) console.info(`25 MB upload: at most ${(peak / mb).toFixed(2)} MB more memory in use while it streamed`);
    expect(peak).toBeLessThan(4 * mb);
  });

  it('refuses a file over the limit with 413 and keeps none of it', async () => {
    const before = staged();
    const error = await refusal(upload('big.pdf', pdfStream(maxBytes + 1)));
    expect(error).toBeInstanceOf(UploadRefusedError);
    expect(error).toMatchObject({ status: 413, reason: 'tooLarge', messageKey: 'documents.upload.tooLarge', params: { mb: 25 }, fileName: 'big.pdf' });
    expect(translate('es', error.messageKey, error.params)).toBe('Este archivo supera el límite de 25 MB.');
    expect(staged()).toEqual(before);
  });

  it('refuses at once, before reading, a request that declares a body far over the limit', async () => {
    const request = multipartRequest([{ name: 'file', fileName: 'x.pdf', content: pdf }], { headers: { 'content-length': String(100 * mb) } });
    expect(await refusal(receiveUpload(request, { maxBytes, storage }))).toMatchObject({ status: 413 });
  });

  it('refuses an unsupported type with 415 and keeps none of it', async () => {
    const before = staged();
    for (const [name, bytes] of [
      ['image.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(2048)])],
      ['sheet.docx', zipArchive([{ name: 'xl/workbook.xml', content: '<workbook/>' }])],
      ['old.doc', Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), randomBytes(2048)])],
    ] as const) {
      expect(await refusal(upload(name, bytes))).toMatchObject({ status: 415, reason: 'unsupportedType', messageKey: 'documents.upload.unsupportedType', fileName: name });
    }
    expect(staged()).toEqual(before);
  });

  it('refuses text that is not UTF-8 with 415 and says so, and keeps none of it', async () => {
    const before = staged();
    const error = await refusal(upload('notes.txt', Buffer.from('Año nuevo\n', 'latin1')));
    expect(error).toMatchObject({ status: 415, reason: 'notUtf8', messageKey: 'documents.upload.notUtf8', fileName: 'notes.txt' });
    expect(translate('es', error.messageKey)).toMatch(/no está en UTF-8.*Guárdalo con codificación UTF-8/);
    expect(staged()).toEqual(before);
  });

  it('refuses a long Latin-1 text soon after its first invalid byte, without reading it all', async () => {
    const before = staged();
    const line = Buffer.from('Ñandú, pingüino y cigüeña.\n'.repeat(2000), 'latin1');
    const source = Readable.from(
      (function* () {
        for (let sent = 0; sent < 5 * mb; sent += line.length) yield line;
      })(),
    );
    const error = await refusal(upload('animales.txt', source));
    expect(error).toMatchObject({ status: 415, reason: 'notUtf8' });
    expect(error.sizeBytes).toBeLessThan(mb);
    expect(staged()).toEqual(before);
  });

  it('refuses a password-protected .docx with 415 and the message about its password, and keeps none of it', async () => {
    const before = staged();
    const wordType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    for (const request of [
      multipartRequest([{ name: 'file', fileName: 'secret.docx', content: passwordProtectedDocx() }]),
      multipartRequest([{ name: 'file', fileName: 'secret', contentType: wordType, content: passwordProtectedDocx() }]),
    ]) {
      const error = await refusal(receiveUpload(request, { maxBytes, storage }));
      expect(error).toMatchObject({ status: 415, reason: 'docxEncrypted', messageKey: 'documents.upload.docxEncrypted' });
    }
    expect(translate('en', 'documents.upload.docxEncrypted')).toBe('This Word document is protected with a password. Remove the password in Word and upload it again.');
    // Not presented as Word: an encrypted workbook, say. Still refused, without a word about passwords.
    expect(await refusal(upload('budget.xlsx', passwordProtectedDocx()))).toMatchObject({ status: 415, reason: 'unsupportedType' });
    expect(staged()).toEqual(before);
  });

  it('refuses with 422 a file whose .pdf or .docx name claims another kind, naming both, and keeps none of it', async () => {
    const before = staged();
    const error = await refusal(upload('fake.pdf', Buffer.from('Hello.\nThis is a note.\n')));
    expect(error).toMatchObject({ status: 422, reason: 'nameMismatch', params: { name: 'fake.pdf', claimed: 'pdf', actual: 'txt' }, fileName: 'fake.pdf' });
    expect(translate('en', error.messageKey, error.params)).toMatch(/^fake\.pdf is named as a PDF, but its content is plain text\./);
    expect(await refusal(upload('letter.docx', pdf))).toMatchObject({ status: 422, params: { claimed: 'docx', actual: 'pdf' } });
    expect(staged()).toEqual(before);
  });

  it('refuses text that turns to binary deep into the file, and keeps none of it', async () => {
    const before = staged();
    const source = Readable.from([Buffer.alloc(3 * mb, 'a'), Buffer.from([0, 1, 2, 3])]);
    expect(await refusal(upload('log.txt', source))).toMatchObject({ status: 415 });
    expect(staged()).toEqual(before);
  });

  it('refuses an empty file with 422 and keeps none of it', async () => {
    const before = staged();
    expect(await refusal(upload('empty.txt', Buffer.alloc(0)))).toMatchObject({ status: 422, reason: 'empty', messageKey: 'documents.upload.empty', sizeBytes: 0 });
    expect(staged()).toEqual(before);
  });

  it('answers 422 to a form that has no file part, or has it under another name', async () => {
    const noFile = multipartRequest([{ name: 'note', value: 'hi' }]);
    const wrongField = multipartRequest([{ name: 'document', fileName: 'a.pdf', content: pdf }]);
    for (const request of [noFile, wrongField]) {
      expect(await refusal(receiveUpload(request, { maxBytes, storage }))).toMatchObject({ status: 422, reason: 'missingFile', messageKey: 'documents.upload.missingFile' });
    }
  });

  it('answers 400 to a request that is not multipart, or is cut off', async () => {
    const notMultipart = new Request('http://localhost/api/uploads', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const noBoundary = new Request('http://localhost/api/uploads', { method: 'POST', headers: { 'content-type': 'multipart/form-data; charset=utf-8' }, body: 'x' });
    for (const request of [notMultipart, noBoundary]) {
      expect(await refusal(receiveUpload(request, { maxBytes, storage }))).toMatchObject({ status: 400, reason: 'malformed' });
    }
    const before = staged();
    expect(await refusal(upload('cut.pdf', pdfStream(2 * mb), { cut: true }))).toMatchObject({ status: 400, reason: 'malformed' });
    expect(staged()).toEqual(before);
  });

  it('lets storage failures through as they are: a server error, not a refusal', async () => {
    const broken = { ...storage, stage: async () => Promise.reject(new Error('disk full')) };
    const request = multipartRequest([{ name: 'file', fileName: 'a.pdf', content: pdf }]);
    await expect(receiveUpload(request, { maxBytes, storage: broken })).rejects.toThrow('disk full');
  });
});

function* chunks(bytes: Buffer, size: number) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}
