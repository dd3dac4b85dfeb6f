import { UnreadableDocumentError } from './unreadableDocumentError';

/** UTF-8 bytes as text; a leading byte-order mark is dropped. Other encodings are refused, not guessed. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new UnreadableDocumentError('notUtf8', { cause: error });
  }
}
