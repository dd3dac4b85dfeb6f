import { describe, expect, it } from 'vitest';
import { extractText, UnreadableDocumentError } from '@/server/documents/processing';
import { isNonRetryable } from '@/server/events';
import { docxWithParagraphs, encryptedPdf, passwordProtectedDocx, pdfWithPages, zipWithoutDocument } from '@/tests/fixtures/documents/makeFixtures';

const english = 'The contract between the parties was signed in May, and it will be renewed every year unless one of them cancels it.';
const spanish = 'El contrato entre las partes se firmó en mayo y se renovará cada año, a menos que una de ellas lo cancele por escrito.';

async function unreadable(promise: Promise<unknown>): Promise<UnreadableDocumentError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UnreadableDocumentError);
  return error as UnreadableDocumentError;
}

describe('extractText', () => {
  describe('PDF', () => {
    it('reads the text of every page and counts the pages', async () => {
      const bytes = await pdfWithPages(['Invoice number 42 for the annual audit.', english]);
      const result = await extractText({ bytes, kind: 'pdf' });
      expect(result.text).toContain('Invoice number 42 for the annual audit.');
      expect(result.text).toContain('renewed every year');
      expect(result).toMatchObject({ pageCount: 2, language: 'en' });
      expect(result.wordCount).toBe(7 + 22);
    });

    it('keeps Spanish accents and detects Spanish', async () => {
      const result = await extractText({ bytes: await pdfWithPages([spanish]), kind: 'pdf' });
      expect(result.text).toContain('se renovará cada año');
      expect(result).toMatchObject({ pageCount: 1, language: 'es', wordCount: 24 });
    });

    it('refuses a password-protected PDF at once, with a reason a person understands', async () => {
      const error = await unreadable(extractText({ bytes: encryptedPdf({ userPassword: 'secret' }), kind: 'pdf' }));
      expect(error).toMatchObject({ reason: 'pdfEncrypted', messageKey: 'documents.reasons.pdfEncrypted', code: 'invalid' });
      expect(isNonRetryable(error)).toBe(true);
    });

    it('reads an encrypted PDF that opens without a password (only editing is restricted)', async () => {
      const result = await extractText({ bytes: encryptedPdf({ userPassword: '', text: 'Quarterly report' }), kind: 'pdf' });
      expect(result).toMatchObject({ text: 'Quarterly report', pageCount: 1, wordCount: 2 });
    });

    it('refuses a corrupt PDF: garbage after the header, a truncated file, or not a PDF at all', async () => {
      const whole = await pdfWithPages(['Hello']);
      for (const bytes of [Buffer.from('%PDF-1.7\n1 0 obj garbage'), whole.subarray(0, 200), Buffer.from('plain words')]) {
        const error = await unreadable(extractText({ bytes, kind: 'pdf' }));
        expect(error.reason).toBe('pdfCorrupt');
        expect(isNonRetryable(error)).toBe(true);
      }
    });
  });

  describe('DOCX', () => {
    it('reads the paragraphs of a Word document', async () => {
      const result = await extractText({ bytes: await docxWithParagraphs(['Acta de la reunión', spanish]), kind: 'docx' });
      expect(result.text).toBe(`Acta de la reunión\n\n${spanish}`);
      expect(result).toMatchObject({ pageCount: null, language: 'es', wordCount: 4 + 24 });
    });

    it('refuses a corrupt one: not a zip, a truncated zip, or a zip without a document', async () => {
      const whole = await docxWithParagraphs(['Hello']);
      for (const bytes of [Buffer.from('PK not really'), whole.subarray(0, 100), await zipWithoutDocument()]) {
        expect((await unreadable(extractText({ bytes, kind: 'docx' }))).reason).toBe('docxCorrupt');
      }
    });

    it('tells a password-protected Word document from a corrupt one', async () => {
      expect((await unreadable(extractText({ bytes: passwordProtectedDocx(), kind: 'docx' }))).reason).toBe('docxEncrypted');
    });
  });

  describe('HTML', () => {
    it('keeps the text a reader sees: entities decoded, no scripts, styles or markup', async () => {
      const html = `<!doctype html><html><head><title>Ignored</title><style>p { color: red }</style></head>
        <body><h1>Caf&eacute; &amp; t&eacute;</h1><p>Hello <b>world</b> &lt;not a tag&gt;
        <script>alert("stolen")</script><a href="https://example.com/x">the link</a></p>
        <noscript>enable scripts</noscript><template>hidden</template><img src="x" alt="picture" onerror="alert(1)">
        <table><tr><th>Name</th><th>Año</th></tr><tr><td>Ana</td><td>2024</td></tr></table></body></html>`;
      const { text } = await extractText({ bytes: Buffer.from(html), kind: 'html' });
      expect(text).toContain('Café & té');
      expect(text).toContain('Hello world <not a tag>');
      expect(text).toContain('the link');
      expect(text).toMatch(/Name\s+Año\s+Ana\s+2024/);
      for (const hidden of ['alert', 'stolen', 'color', 'Ignored', 'example.com', 'enable scripts', 'hidden', 'picture']) expect(text).not.toContain(hidden);
    });

    it('survives markup nested deeper than any page needs', async () => {
      const deep = `${'<div>'.repeat(50_000)}deep${'</div>'.repeat(50_000)}<p>after</p>`;
      const { text } = await extractText({ bytes: Buffer.from(`<p>before</p>${deep}`), kind: 'html' });
      expect(text).toContain('before');
      expect(text).toContain('after');
    });
  });

  describe('text kinds', () => {
    it.each([
      ['txt', `${english}\n`],
      ['md', `# Minutes\n\n${english}`],
      ['csv', 'name,amount\nAna,12\n'],
      ['json', '{"title": "Informe", "body": "año"}'],
    ] as const)('reads %s as UTF-8 text', async (kind, content) => {
      const result = await extractText({ bytes: Buffer.from(content), kind });
      expect(result.text).toBe(content.trim());
      expect(result.pageCount).toBeNull();
    });

    it('drops a byte-order mark', async () => {
      const result = await extractText({ bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('name,amount')]), kind: 'csv' });
      expect(result.text).toBe('name,amount');
    });

    it('refuses bytes that are not UTF-8 (Latin-1 here) instead of guessing', async () => {
      for (const kind of ['txt', 'html'] as const) {
        const error = await unreadable(extractText({ bytes: Buffer.from('Informe del año', 'latin1'), kind }));
        expect(error).toMatchObject({ reason: 'notUtf8', messageKey: 'documents.reasons.notUtf8' });
      }
    });

    it('normalises line ends, composes accents and drops characters Postgres text cannot hold', async () => {
      const result = await extractText({ bytes: Buffer.from('an\u0303o\r\nnull\u0000byte\rend'), kind: 'txt' });
      expect(result.text).toBe('año\nnull byte\nend');
      expect(result.wordCount).toBe(4);
    });

    it('counts nothing in an empty text', async () => {
      expect(await extractText({ bytes: Buffer.from('  \n'), kind: 'txt' })).toEqual({ text: '', pageCount: null, wordCount: 0, language: 'other' });
    });
  });
});
