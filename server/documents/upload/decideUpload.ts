import type { SniffedKind, UnacceptedContent } from './contentInspector';
import { UploadRefusedError } from './errors';
import { contentTypeOfKind, extensionOf } from './rules';

type SentFile = {
  /** The sanitised name, which is kept and served with the file. */
  fileName: string;
  /** The Content-Type the client gave the file part (browsers derive it from the name). */
  declaredType: string;
  sizeBytes: number;
  cause?: unknown;
};

/**
 * The binary kinds a name can claim. A download is opened by its name, and
 * a PDF viewer or Word cannot open text saved as .pdf or .docx, so a name
 * claiming one of these must hold it. Among the text kinds a wrong extension
 * does no such harm, and textKind already takes the name as a hint there.
 */
const claimedByExtension: Partial<Record<string, 'pdf' | 'docx'>> = { pdf: 'pdf', docx: 'docx' };
const claimedKind = (fileName: string) => claimedByExtension[extensionOf(fileName)];

/**
 * The last word on an uploaded file once its bytes have been inspected: the
 * kind it is kept as, or the refusal that tells the person why not. The
 * content decides what a file is; the name (and, for Word, the declared
 * type) only chooses the refusal that explains it best, and a name that
 * claims PDF or DOCX must be right.
 */
export function decideUpload(content: SniffedKind | UnacceptedContent, file: SentFile): SniffedKind | UploadRefusedError {
  if (content.kind === null) return refusalFor(content, file);
  const claimed = claimedKind(file.fileName);
  if (claimed && content.kind !== claimed) {
    return new UploadRefusedError('nameMismatch', { ...file, params: { name: file.fileName, claimed, actual: content.kind } });
  }
  return content;
}

/** Why bytes that are none of the allowed kinds are refused, as precisely as the bytes and the name allow. */
export function refusalFor(content: UnacceptedContent, file: SentFile): UploadRefusedError {
  // "Save it as UTF-8" would mislead about a file named .pdf or .docx: it was never meant to be text.
  if (content.looksLike === 'textNotUtf8' && !claimedKind(file.fileName)) return new UploadRefusedError('notUtf8', file);
  // An encrypted workbook or presentation is the same kind of container; only one presented as Word is told about its password.
  if (content.looksLike === 'encryptedOffice' && presentedAsWord(file)) return new UploadRefusedError('docxEncrypted', file);
  return new UploadRefusedError('unsupportedType', file);
}

/**
 * Whether the person sent the file as a Word document (by its name, or the
 * type their browser gave it): only then is an OLE compound file worth
 * reading to its end, to tell a password-protected .docx from any other.
 */
export function presentedAsWord(file: Pick<SentFile, 'fileName' | 'declaredType'>): boolean {
  return claimedKind(file.fileName) === 'docx' || mediaTypeOf(file.declaredType) === contentTypeOfKind.docx;
}

function mediaTypeOf(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}
