import mammoth from 'mammoth';
import { compoundFileSignature, encryptionInfoName } from './compoundFile';
import { UnreadableDocumentError } from './unreadableDocumentError';

/** The text of a Word document's body, paragraph by paragraph. */
export async function readDocx(bytes: Buffer): Promise<string> {
  if (bytes.subarray(0, 8).equals(compoundFileSignature)) {
    throw new UnreadableDocumentError(bytes.includes(encryptionInfoName) ? 'docxEncrypted' : 'docxCorrupt');
  }
  try {
    const { value } = await mammoth.extractRawText({ buffer: bytes });
    return value;
  } catch (error) {
    // Reading a zip in memory is deterministic: whatever mammoth refuses stays refused.
    throw new UnreadableDocumentError('docxCorrupt', { cause: error });
  }
}
