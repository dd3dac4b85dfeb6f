/** Office files are zip archives, except encrypted ones (and the old .doc), which are OLE compound files. */
export const compoundFileSignature = Buffer.from('d0cf11e0a1b11ae1', 'hex');

/**
 * The stream that holds an encrypted Office document's key data, named in
 * UTF-16 in the compound file's directory. Shared with the upload check, so
 * a file refused there as password-protected is the one processing would
 * call docxEncrypted.
 */
export const encryptionInfoName = Buffer.from('EncryptionInfo', 'utf16le');
