import mammoth from 'mammoth';
import { UnreadableDocumentError } from './unreadableDocumentError';

/** Office files are zip archives, except encrypted ones (and the old .doc), which are OLE compound files. */
const compoundFileSignature = Buffer.from('d0cf11e0a1b11ae1', 'hex');
/** The stream that holds an encrypted Office document's key data, named in UTF-16 in the compound file's directory. */
const encryptionInfoName = Buffer.from('EncryptionInfo', 'utf16le');

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
