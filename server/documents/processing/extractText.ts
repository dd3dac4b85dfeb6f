import type { DocumentKind } from '../schema';
import { countWords } from './countWords';
import { readDocx } from './docx';
import { htmlToText } from './html';
import { detectLanguage, type DocumentLanguage } from './language';
import { readPdf } from './pdf';
import { decodeUtf8 } from './plainText';

export type ExtractedText = {
  text: string;
  /** Pages of a PDF; null for kinds without pages. */
  pageCount: number | null;
  wordCount: number;
  language: DocumentLanguage;
};

/**
 * The text of a stored file, with the facts the document page and the index
 * need. Throws UnreadableDocumentError (never worth retrying) for a file that
 * cannot be read as its kind.
 */
export async function extractText({ bytes, kind }: { bytes: Buffer; kind: DocumentKind }): Promise<ExtractedText> {
  const { text: raw, pageCount } = await readText(bytes, kind);
  const text = clean(raw);
  return { text, pageCount, wordCount: countWords(text), language: detectLanguage(text) };
}

async function readText(bytes: Buffer, kind: DocumentKind): Promise<{ text: string; pageCount: number | null }> {
  switch (kind) {
    case 'pdf':
      return readPdf(bytes);
    case 'docx':
      return { text: await readDocx(bytes), pageCount: null };
    case 'html':
      return { text: htmlToText(decodeUtf8(bytes)), pageCount: null };
    case 'txt':
    case 'md':
    case 'csv':
    case 'json':
      return { text: decodeUtf8(bytes), pageCount: null };
  }
}

/**
 * One form for every kind: composed accents (so "año" is the same word
 * however it was typed), \n line ends, and no control characters — Postgres
 * text cannot hold NUL, and the others only confuse snippets.
 */
function clean(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ')
    .trim();
}
