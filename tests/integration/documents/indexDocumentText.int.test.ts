import { describe, expect, it } from 'vitest';
import { withTenant } from '@/server/db';
import { extractText } from '@/server/documents/processing';
import { documentTexts } from '@/server/documents/schema';
import { indexDocumentText, indexedTextLimitBytes, indexStoredText, searchDocuments } from '@/server/documents/search';
import { ownerQuery } from '@/tests/support/ownerQuery';
import { docxWithParagraphs, pdfWithPages } from '@/tests/fixtures/documents/makeFixtures';
import { addDocument, addDocumentRow, newWorkspace } from './searchFixtures';

/** A text past the indexed limit: "beginning" within its first MiB, "zeppelin" after it. */
const longText = `beginning ${'the committee agreed to the plan '.repeat(Math.ceil(indexedTextLimitBytes / 33) + 10)} zeppelin`;

/** The first MiB of longText is findable and the rest is not, while all of it is kept. */
async function expectFirstMiBIndexed(tenantId: string, documentId: string) {
  await expect(searchDocuments(tenantId, { query: 'beginning' })).resolves.toMatchObject({ total: 1 });
  await expect(searchDocuments(tenantId, { query: 'zeppelin' })).resolves.toMatchObject({ total: 0 });
  const [row] = await ownerQuery<{ length: number }>('select length(body) as length from document_texts where document_id = $1', [documentId]);
  expect(row!.length).toBe(longText.length);
}

describe('indexDocumentText', () => {
  it("stores the text with the configuration of the document's language", async () => {
    const tenantId = await newWorkspace();
    const english = await addDocument(tenantId, { fileName: 'Notes.txt', language: 'en', body: 'Running meetings' });
    const spanish = await addDocument(tenantId, { fileName: 'Notas.txt', language: 'es', body: 'Reuniones largas' });
    const other = await addDocument(tenantId, { fileName: 'Notes.txt', language: 'other', body: 'Running meetings' });

    const rows = await ownerQuery<{ document_id: string; search_config: string; search: string }>(
      'select document_id, search_config, search::text from document_texts where tenant_id = $1',
      [tenantId],
    );
    const byId = Object.fromEntries(rows.map((row) => [row.document_id, row]));
    // The text's words where they stand, then the file name's without its extension, weighted A.
    expect(byId[english]).toMatchObject({ search_config: 'english', search: "'meet':2 'note':3A 'run':1" });
    expect(byId[spanish]).toMatchObject({ search_config: 'spanish', search: "'larg':2 'not':3A 'reunion':1" });
    expect(byId[other]).toMatchObject({ search_config: 'simple', search: "'meetings':2 'notes':3A 'running':1" });
  });

  it('makes the words inside a PDF and a Word document findable, stemmed in their detected languages', async () => {
    const tenantId = await newWorkspace();
    const pdf = await extractText({
      kind: 'pdf',
      bytes: await pdfWithPages(['Cover page', 'The auditors reviewed the shipping manifests and found that every container had been weighed twice.']),
    });
    const docx = await extractText({
      kind: 'docx',
      bytes: await docxWithParagraphs(['Los inspectores revisaron los manifiestos de carga y comprobaron que todos los contenedores se pesaron dos veces.']),
    });
    await addDocument(tenantId, { fileName: 'audit.pdf', kind: 'pdf', language: pdf.language, body: pdf.text });
    await addDocument(tenantId, { fileName: 'auditoria.docx', kind: 'docx', language: docx.language, body: docx.text });

    expect([pdf.language, docx.language]).toEqual(['en', 'es']);
    const found = async (query: string) => (await searchDocuments(tenantId, { query })).results.map((hit) => hit.fileName);
    expect(await found('manifest weigh')).toEqual(['audit.pdf']);
    expect(await found('contenedor manifiesto')).toEqual(['auditoria.docx']);
    expect((await found('manifests OR manifiestos')).sort()).toEqual(['audit.pdf', 'auditoria.docx']);
  });

  it('replaces the text and the index when the document is indexed again', async () => {
    const tenantId = await newWorkspace();
    const id = await addDocument(tenantId, { fileName: 'draft.txt', language: 'en', body: 'First draft about tigers.' });
    await withTenant(tenantId, (tx) => indexDocumentText(tx, { tenantId, documentId: id, body: 'Segundo borrador sobre leones.', language: 'es' }));

    await expect(searchDocuments(tenantId, { query: 'tigers' })).resolves.toMatchObject({ total: 0 });
    await expect(searchDocuments(tenantId, { query: 'león' }).then((r) => r.results.map((hit) => hit.fileName))).resolves.toEqual(['draft.txt']);
    const [row] = await ownerQuery<{ body: string; search_config: string }>('select body, search_config from document_texts where document_id = $1', [id]);
    expect(row).toEqual({ body: 'Segundo borrador sobre leones.', search_config: 'spanish' });
  });

  it('indexes the first MiB of a long text and keeps all of it', async () => {
    const tenantId = await newWorkspace();
    const id = await addDocument(tenantId, { language: 'en', body: longText });
    await expectFirstMiBIndexed(tenantId, id);
  });

  it('falls back to a shorter start when the index of the text would pass the 1 MB tsvector limit', async () => {
    const tenantId = await newWorkspace();
    // Nothing but distinct five-letter words: the index needs two thirds more room than the text.
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const words: string[] = [];
    for (let n = 0; words.length * 6 < indexedTextLimitBytes + 6; n++) {
      words.push([0, 1, 2, 3, 4].map((place) => letters[Math.floor(n / 26 ** place) % 26]).join(''));
    }
    const id = await addDocument(tenantId, { fileName: 'words.txt', language: 'other', body: words.join(' ') });

    const [row] = await ownerQuery<{ lexemes: number }>(
      'select length(search) as lexemes from document_texts where document_id = $1',
      [id],
    );
    // The first 256 KiB: 43,690 words of six bytes with their space, and the file name's one.
    expect(row!.lexemes).toBe(Math.floor((256 * 1024) / 6) + 1);
    await expect(searchDocuments(tenantId, { query: words[100]! })).resolves.toMatchObject({ total: 1 });
    await expect(searchDocuments(tenantId, { query: words[100_000]! })).resolves.toMatchObject({ total: 0 });
  });
});

describe('indexStoredText', () => {
  /** A document whose text the process step stored, not yet indexed; then the index step's call. */
  async function storeThenIndex(body: string) {
    const tenantId = await newWorkspace();
    const documentId = await addDocumentRow(tenantId, { fileName: 'notes.txt', language: 'en', body, status: 'indexing' });
    await withTenant(tenantId, (tx) => tx.insert(documentTexts).values({ documentId, tenantId, body }));
    const indexed = await withTenant(tenantId, (tx) => indexStoredText(tx, { tenantId, documentId, language: 'en' }));
    return { tenantId, documentId, indexed };
  }

  it('indexes a short stored text where it lies, with the configuration of its language', async () => {
    const { tenantId, documentId, indexed } = await storeThenIndex('Running meetings about pelicans');
    expect(indexed).toBe(true);
    const [row] = await ownerQuery<{ search_config: string; search: string }>('select search_config, search::text from document_texts where document_id = $1', [documentId]);
    expect(row).toEqual({ search_config: 'english', search: "'meet':2 'note':5A 'pelican':4 'run':1" });
    await expect(searchDocuments(tenantId, { query: 'pelican' })).resolves.toMatchObject({ total: 1 });
  });

  it('indexes the first MiB of a stored text too long to index whole, keeping all of it', async () => {
    const { tenantId, documentId, indexed } = await storeThenIndex(longText);
    expect(indexed).toBe(true);
    await expectFirstMiBIndexed(tenantId, documentId);
  });

  it('says so when no text is stored for the document', async () => {
    const tenantId = await newWorkspace();
    const documentId = await addDocumentRow(tenantId, { language: 'en', body: 'never stored', status: 'indexing' });
    await expect(withTenant(tenantId, (tx) => indexStoredText(tx, { tenantId, documentId, language: 'en' }))).resolves.toBe(false);
  });
});
