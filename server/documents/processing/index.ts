import 'server-only';
export { extractText, type ExtractedText } from './extractText';
export { UnreadableDocumentError, unreadableReasons, type UnreadableReason } from './unreadableDocumentError';
export { detectLanguage, documentLanguages, type DocumentLanguage } from './language';
export { countWords } from './countWords';
