import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Transaction } from '@/server/db';
import type { DocumentLanguage } from '../processing/language';
import { documentTexts } from '../schema';
import { searchConfigFor, type SearchConfig } from './searchConfig';

/**
 * How much of a document's text goes into its index: the first MiB of UTF-8
 * (some 170,000 English words, 300–500 pages), cut at a word boundary, so
 * nearly every document is indexed whole. Postgres refuses a tsvector whose
 * lexemes and positions pass 1 MB; ordinary prose needs a fraction of its
 * text's size for them, but text made of distinct short words (word lists,
 * codes) needs up to twice its size. When Postgres refuses, the first
 * 256 KiB are indexed instead, which always fits. The body is always kept
 * whole for the document page.
 * (Past its 16,383rd word a tsvector records every word at that same
 * position, so phrase queries deep into a long document are approximate.)
 */
export const indexedTextLimitBytes = 1024 * 1024;
const fallbackLimitBytes = 256 * 1024;

type IndexInput = { tenantId: string; documentId: string; body: string; language: DocumentLanguage };

/**
 * Stores a document's text and its full-text index, built with the
 * configuration of its detected language; indexing again replaces both.
 * Runs in the caller's (tenant-scoped) transaction.
 */
export async function indexDocumentText(tx: Transaction, input: IndexInput): Promise<{ searchConfig: SearchConfig; indexedChars: number }> {
  const searchConfig = searchConfigFor(input.language);
  const indexed = prefixWithin(input.body, indexedTextLimitBytes);
  if (indexed.length === input.body.length && Buffer.byteLength(indexed) <= fallbackLimitBytes) {
    await upsert(tx, input, searchConfig, indexed);
    return { searchConfig, indexedChars: indexed.length };
  }
  try {
    // A savepoint, so that a refused tsvector leaves the caller's transaction usable for the fallback.
    await tx.transaction((savepoint) => upsert(savepoint, input, searchConfig, indexed));
    return { searchConfig, indexedChars: indexed.length };
  } catch (error) {
    if (!isTsvectorTooLong(error)) throw error;
    const shorter = prefixWithin(input.body, fallbackLimitBytes);
    await upsert(tx, input, searchConfig, shorter);
    return { searchConfig, indexedChars: shorter.length };
  }
}

/**
 * Indexes the text the process step stored for a document. A text short
 * enough to be indexed whole (nearly every one) is indexed where it lies, in
 * one statement: the text does not travel to this process and back. A
 * longer one is read and indexed as indexDocumentText does. False when no
 * text is stored.
 */
export async function indexStoredText(tx: Transaction, input: Omit<IndexInput, 'body'>): Promise<boolean> {
  const searchConfig = searchConfigFor(input.language);
  const inPlace = await tx
    .update(documentTexts)
    .set({ searchConfig, search: searchVector(searchConfig, input.documentId, sql`${documentTexts.body}`) })
    .where(and(eq(documentTexts.documentId, input.documentId), sql`octet_length(${documentTexts.body}) <= ${fallbackLimitBytes}`))
    .returning({ documentId: documentTexts.documentId });
  if (inPlace.length > 0) return true;
  const [text] = await tx.select({ body: documentTexts.body }).from(documentTexts).where(eq(documentTexts.documentId, input.documentId));
  if (!text) return false;
  await indexDocumentText(tx, { ...input, body: text.body });
  return true;
}

/**
 * A document's index: the words of its text, then those of its file name,
 * weighted A (a person looks for "budget 2024" by the name they gave it, and
 * a match there ranks first). The name comes after the text, so the text's
 * word positions are its own. The extension is left out (a search for "pdf"
 * would otherwise rank every PDF first), and dots, dashes and underscores
 * part words as spaces do ("q3_budget-final.pdf" is "q3 budget final").
 */
function searchVector(searchConfig: SearchConfig, documentId: string, body: SQL) {
  const fileName = sql`(select regexp_replace(regexp_replace(file_name, '\.[^.]*$', ''), '[._-]+', ' ', 'g') from documents where id = ${documentId})`;
  return sql`to_tsvector(${searchConfig}::regconfig, ${body}) || setweight(to_tsvector(${searchConfig}::regconfig, coalesce(${fileName}, '')), 'A')`;
}

function upsert(tx: Transaction, input: IndexInput, searchConfig: SearchConfig, indexed: string) {
  const search = searchVector(searchConfig, input.documentId, sql`${indexed}`);
  return tx
    .insert(documentTexts)
    .values({ documentId: input.documentId, tenantId: input.tenantId, body: input.body, searchConfig, search })
    .onConflictDoUpdate({ target: documentTexts.documentId, set: { body: input.body, searchConfig, search } });
}

/** The longest start of `text` that fits in `maxBytes` of UTF-8, ending at a word boundary when it is cut. */
export function prefixWithin(text: string, maxBytes: number): string {
  if (text.length <= maxBytes / 3 || Buffer.byteLength(text) <= maxBytes) return text;
  const { read } = new TextEncoder().encodeInto(text, new Uint8Array(maxBytes));
  const cut = text.slice(0, read);
  const lastSpace = cut.search(/\s\S*$/);
  return lastSpace > read - 200 ? cut.slice(0, lastSpace) : cut;
}

/** Postgres: "string is too long for tsvector" (program_limit_exceeded), possibly wrapped by Drizzle. */
function isTsvectorTooLong(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    if ((current as { code?: unknown }).code === '54000') return true;
  }
  return false;
}
