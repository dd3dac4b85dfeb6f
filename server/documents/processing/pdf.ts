import { extractText, getDocumentProxy } from 'unpdf';
import { UnreadableDocumentError } from './unreadableDocumentError';

/**
 * A PDF's text, page after page, and its page count. Parsing is
 * deterministic, so whatever PDF.js refuses is reported as unreadable:
 * a password it was not given as encrypted, anything else as corrupt.
 * An encrypted PDF that opens without a password (only editing is
 * restricted) is read like any other.
 */
export async function readPdf(bytes: Uint8Array): Promise<{ text: string; pageCount: number }> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // PDF.js keeps the array it is given; a copy leaves the caller's buffer alone.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, disableFontFace: true, useSystemFonts: false });
  } catch (error) {
    throw new UnreadableDocumentError(isPasswordError(error) ? 'pdfEncrypted' : 'pdfCorrupt', { cause: error });
  }
  try {
    const { totalPages, text } = await extractText(pdf, { mergePages: false });
    return { text: text.join('\n\n'), pageCount: totalPages };
  } catch (error) {
    throw new UnreadableDocumentError('pdfCorrupt', { cause: error });
  } finally {
    await pdf.loadingTask.destroy();
  }
}

function isPasswordError(error: unknown): boolean {
  return error instanceof Error && error.name === 'PasswordException';
}
