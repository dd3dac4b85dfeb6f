import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { withTenant } from '@/server/db';
import { indexDocumentText, searchDocuments, type SearchResults } from '@/server/documents/search';
import { AppError } from '@/server/errors';
import { applyMigrationAsOwner } from '@/tests/support/migrationAsOwner';
import { ownerQuery } from '@/tests/support/ownerQuery';
import { addDocument, newWorkspace } from './searchFixtures';

const names = (results: SearchResults) => results.results.map((hit) => hit.fileName);
const matchedWords = (results: SearchResults) => results.results.map((hit) => hit.snippet.filter((part) => part.match).map((part) => part.text.toLowerCase()));

describe('searchDocuments', () => {
  it('ranks the document that mentions the words most, and closest together, first', async () => {
    const tenantId = await newWorkspace();
    await addDocument(tenantId, { fileName: 'once.txt', language: 'en', body: 'The invoice was filed with the other papers of the year, among letters, receipts, notes and forms.' });
    await addDocument(tenantId, { fileName: 'often.txt', language: 'en', body: 'Invoice 17: the overdue invoice. Pay this invoice within ten days of the invoice date.' });
    await addDocument(tenantId, { fileName: 'never.txt', language: 'en', body: 'A letter about the weather and the garden.' });

    const results = await searchDocuments(tenantId, { query: 'invoice' });
    expect(names(results)).toEqual(['often.txt', 'once.txt']);
    expect(results.total).toBe(2);
    expect(results.results[0]!.rank).toBeGreaterThan(results.results[1]!.rank);
  });

  it('finds a document by the words of its file name, ranked above one that only mentions them', async () => {
    const tenantId = await newWorkspace();
    await addDocument(tenantId, { fileName: 'notes.txt', language: 'en', body: 'The budget meeting moved to Friday; the budget itself did not.' });
    await addDocument(tenantId, { fileName: 'q3_budget-final.txt', language: 'en', body: 'Totals by department for the third quarter.' });
    await addDocument(tenantId, { fileName: 'garden.txt', language: 'en', body: 'Tomatoes and beans.' });

    expect(names(await searchDocuments(tenantId, { query: 'budget' }))).toEqual(['q3_budget-final.txt', 'notes.txt']);
    expect(names(await searchDocuments(tenantId, { query: 'final' }))).toEqual(['q3_budget-final.txt']);
    // Not its extension: every text file would match "txt".
    expect(names(await searchDocuments(tenantId, { query: 'txt' }))).toEqual([]);
  });

  it('finds documents indexed before file names were, once migration 0022 has run as the tables\' owner', async () => {
    const tenantId = await newWorkspace();
    const old = await addDocument(tenantId, { fileName: 'harbour-survey.txt', language: 'en', body: 'Depths and tides.' });
    const recent = await addDocument(tenantId, { fileName: 'harbour-plan.txt', language: 'en', body: 'Berths and cranes.' });
    // As the index step left it before 0022: the text's words only.
    await ownerQuery(`update document_texts set search = to_tsvector('english', body) where document_id = $1`, [old]);
    const indexedRecently = (await ownerQuery<{ search: string }>('select search::text from document_texts where document_id = $1', [recent]))[0]!.search;
    expect(names(await searchDocuments(tenantId, { query: 'survey' }))).toEqual([]);

    await applyMigrationAsOwner('0022_search_file_names.sql', ['documents', 'document_texts']);

    expect(names(await searchDocuments(tenantId, { query: 'survey' }))).toEqual(['harbour-survey.txt']);
    // Already indexed with its name: left as it was, not given its name twice.
    expect((await ownerQuery<{ search: string }>('select search::text from document_texts where document_id = $1', [recent]))[0]!.search).toBe(indexedRecently);
  });

  it('matches a "quoted phrase" only with its words together and in order', async () => {
    const tenantId = await newWorkspace();
    await addDocument(tenantId, { fileName: 'phrase.txt', language: 'en', body: 'A late payment fee applies after thirty days.' });
    await addDocument(tenantId, { fileName: 'apart.txt', language: 'en', body: 'The payment arrived late, so a fee applies.' });

    expect(names(await searchDocuments(tenantId, { query: '"late payment"' }))).toEqual(['phrase.txt']);
    expect(names(await searchDocuments(tenantId, { query: 'late payment' })).sort()).toEqual(['apart.txt', 'phrase.txt']);
  });

  it('matches either word with OR, and leaves out documents with a -word', async () => {
    const tenantId = await newWorkspace();
    await addDocument(tenantId, { fileName: 'apples.txt', language: 'en', body: 'We bought apples at the market this morning.' });
    await addDocument(tenantId, { fileName: 'pears.txt', language: 'en', body: 'We bought pears at the market this morning.' });
    await addDocument(tenantId, { fileName: 'both.txt', language: 'en', body: 'We bought apples and pears at the market this morning.' });

    expect(names(await searchDocuments(tenantId, { query: 'apples OR pears' })).sort()).toEqual(['apples.txt', 'both.txt', 'pears.txt']);
    expect(names(await searchDocuments(tenantId, { query: 'apples pears' }))).toEqual(['both.txt']);
    expect(names(await searchDocuments(tenantId, { query: 'apples -pears' }))).toEqual(['apples.txt']);
    expect(names(await searchDocuments(tenantId, { query: 'market -apples' }))).toEqual(['pears.txt']);
  });

  it('finds "documentos" in a Spanish document when searching for "documento", and highlights it', async () => {
    const tenantId = await newWorkspace();
    await addDocument(tenantId, { fileName: 'acta.txt', language: 'es', body: 'Se firmaron todos los documentos del contrato en la notaría de la ciudad.' });

    const results = await searchDocuments(tenantId, { query: 'documento' });
    expect(names(results)).toEqual(['acta.txt']);
    expect(matchedWords(results)).toEqual([['documentos']]);
    expect(names(await searchDocuments(tenantId, { query: 'firmar contratos' }))).toEqual(['acta.txt']);
  });

  it('finds "invoices" and "teams" in an English document when searching for "invoice" and "team"', async () => {
    const tenantId = await newWorkspace();
    await addDocument(tenantId, { fileName: 'ledger.txt', language: 'en', body: 'All the invoices from March were settled by the finance teams.' });

    const results = await searchDocuments(tenantId, { query: 'invoice team' });
    expect(names(results)).toEqual(['ledger.txt']);
    expect(matchedWords(results)).toEqual([['invoices', 'teams']]);
  });

  it("matches each document with its own language's rules in a mixed workspace", async () => {
    const tenantId = await newWorkspace();
    await addDocument(tenantId, { fileName: 'english.txt', language: 'en', body: 'The monthly reports are attached for your review.' });
    await addDocument(tenantId, { fileName: 'spanish.txt', language: 'es', body: 'Adjuntamos los informes mensuales de la auditoría.' });
    await addDocument(tenantId, { fileName: 'unstemmed.txt', language: 'other', body: 'report 2024 final' });

    // English stems "reports" and Spanish "informe" and "informes" alike; the plain configuration matches words as written.
    expect(names(await searchDocuments(tenantId, { query: 'report OR informe' })).sort()).toEqual(['english.txt', 'spanish.txt', 'unstemmed.txt']);
    expect(names(await searchDocuments(tenantId, { query: 'reports OR informe' })).sort()).toEqual(['english.txt', 'spanish.txt']);
    expect(names(await searchDocuments(tenantId, { query: 'mensual' }))).toEqual(['spanish.txt']);
  });

  it('returns snippets as plain-text parts: only the match marked, forged marks removed, markup never turned into a highlight', async () => {
    const tenantId = await newWorkspace();
    const hostile = 'Terms <script>alert("x")</script> <img src=x onerror=alert(1)> \uE000forged\uE001 and <mark>fake</mark> before the renewal clause ends.';
    await addDocument(tenantId, { fileName: 'hostile.txt', language: 'en', body: hostile });

    const [hit] = (await searchDocuments(tenantId, { query: 'renewal' })).results;
    expect(hit!.snippet.filter((part) => part.match)).toEqual([{ text: 'renewal', match: true }]);
    const text = hit!.snippet.map((part) => part.text).join('');
    expect(text).not.toMatch(/[\uE000\uE001]/);
    expect(text).toContain('forged');
    // Postgres leaves out well-formed tags; what else looks like markup stays text, for the UI to render as text, never as HTML.
    expect(text).toContain('<img src=x onerror=alert(1)>');
    expect(text).not.toContain('<mark>');
    expect(hit!.snippet.every((part) => typeof part.text === 'string' && typeof part.match === 'boolean')).toBe(true);
  });

  it('filters by status, type and upload date', async () => {
    const tenantId = await newWorkspace();
    const body = 'Quarterly budget review for the board.';
    await addDocument(tenantId, { fileName: 'jan.pdf', kind: 'pdf', status: 'ready', createdAt: new Date('2024-01-15T10:00:00Z'), language: 'en', body });
    await addDocument(tenantId, { fileName: 'feb.docx', kind: 'docx', status: 'ready', createdAt: new Date('2024-02-15T10:00:00Z'), language: 'en', body });
    await addDocument(tenantId, { fileName: 'mar.pdf', kind: 'pdf', status: 'failed', createdAt: new Date('2024-03-15T10:00:00Z'), language: 'en', body });

    const search = (filters: object) => searchDocuments(tenantId, { query: 'budget', ...filters }).then((results) => names(results).sort());
    expect(await search({})).toEqual(['feb.docx', 'jan.pdf', 'mar.pdf']);
    expect(await search({ status: 'ready' })).toEqual(['feb.docx', 'jan.pdf']);
    expect(await search({ kind: 'pdf' })).toEqual(['jan.pdf', 'mar.pdf']);
    expect(await search({ kind: 'pdf', status: 'ready' })).toEqual(['jan.pdf']);
    expect(await search({ from: new Date('2024-02-01T00:00:00Z') })).toEqual(['feb.docx', 'mar.pdf']);
    expect(await search({ to: new Date('2024-02-15T10:00:00Z') })).toEqual(['jan.pdf']);
    expect(await search({ from: '2024-02-01', to: '2024-03-01', status: '', kind: '' })).toEqual(['feb.docx']);
  });

  it('pages through the matches with a total, in the same order, without repeats', async () => {
    const tenantId = await newWorkspace();
    for (let n = 1; n <= 5; n++) {
      await addDocument(tenantId, { fileName: `minutes-${n}.txt`, language: 'en', body: `${'meeting '.repeat(n)}minutes number ${n} of the committee.` });
    }

    const pages = await Promise.all([1, 2, 3, 4].map((page) => searchDocuments(tenantId, { query: 'meeting', page, pageSize: 2 })));
    expect(pages.map((page) => page.results.length)).toEqual([2, 2, 1, 0]);
    expect(pages.map((page) => [page.total, page.pageCount])).toEqual([[5, 3], [5, 3], [5, 3], [5, 3]]);
    expect(pages.flatMap(names)).toEqual(['minutes-5.txt', 'minutes-4.txt', 'minutes-3.txt', 'minutes-2.txt', 'minutes-1.txt']);
  });

  it('refuses a blank query with a typed error naming the field', async () => {
    const tenantId = await newWorkspace();
    const error = await searchDocuments(tenantId, { query: '   ' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'invalid', messageKey: 'documents.search.queryRequired', field: 'query' });
  });

  it('answers a query of only stop words or punctuation with no results, not an error', async () => {
    const tenantId = await newWorkspace();
    await addDocument(tenantId, { fileName: 'plain.txt', language: 'en', body: 'The cat and the dog.' });
    await expect(searchDocuments(tenantId, { query: 'the and' })).resolves.toMatchObject({ results: [], total: 0, pageCount: 0 });
    await expect(searchDocuments(tenantId, { query: '"" & | !' })).resolves.toMatchObject({ results: [], total: 0 });
  });

  it("never shows workspace B anything of workspace A's texts", async () => {
    const a = await newWorkspace();
    const b = await newWorkspace();
    const secret = await addDocument(a, { fileName: 'merger.txt', language: 'en', body: 'Confidential merger terms between the two companies.' });
    await addDocument(b, { fileName: 'lunch.txt', language: 'en', body: 'Lunch menu for Friday.' });

    expect(names(await searchDocuments(a, { query: 'merger' }))).toEqual(['merger.txt']);
    await expect(searchDocuments(b, { query: 'merger' })).resolves.toMatchObject({ results: [], total: 0 });
    await expect(searchDocuments(b, { query: 'merger OR lunch' }).then(names)).resolves.toEqual(['lunch.txt']);
    // Row-level security, not only the query's own filter: B's transaction cannot read or write A's text.
    const visible = await withTenant(b, (tx) => tx.execute(sql`select document_id from document_texts where document_id = ${secret}`));
    expect(visible.rows).toEqual([]);
    await expect(
      withTenant(b, (tx) => indexDocumentText(tx, { tenantId: a, documentId: secret, body: 'overwritten', language: 'en' })),
    ).rejects.toThrow();
    const [stored] = await ownerQuery<{ body: string }>('select body from document_texts where document_id = $1', [secret]);
    expect(stored!.body).toContain('Confidential merger');
  });
});
