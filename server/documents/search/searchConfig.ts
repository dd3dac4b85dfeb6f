import type { DocumentLanguage } from '../processing/language';

/** The Postgres text-search configurations a document can be indexed with: stemmed for the languages we detect, plain otherwise. */
export const searchConfigs = ['english', 'spanish', 'simple'] as const;
export type SearchConfig = (typeof searchConfigs)[number];

const configOf: Record<DocumentLanguage, SearchConfig> = { en: 'english', es: 'spanish', other: 'simple' };

export function searchConfigFor(language: DocumentLanguage): SearchConfig {
  return configOf[language];
}
