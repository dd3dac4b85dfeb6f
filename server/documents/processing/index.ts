import 'server-only';
export { extractText, type ExtractedText } from './extractText';
export { UnreadableDocumentError } from './unreadableDocumentError';
export { isUnreadableFileReason, unreadableReasons, type UnreadableReason } from './unreadableReasons';
export { detectLanguage, documentLanguages, type DocumentLanguage } from './language';
export { countWords } from './countWords';
