import 'server-only';
export { searchConfigFor, searchConfigs, type SearchConfig } from './searchConfig';
export { indexDocumentText, indexStoredText, indexedTextLimitBytes } from './indexDocumentText';
export { searchDocuments, type SearchHit, type SearchResults } from './searchDocuments';
export { searchDocumentsInput, type SearchDocumentsInput, type SearchDocumentsQuery } from './searchDocumentsInput';
export { type SnippetPart } from './snippet';
