import { stopWords, type StopWordLanguage } from './stopWords';
import { wordsOf } from './countWords';

export const documentLanguages = ['en', 'es', 'other'] as const;
export type DocumentLanguage = (typeof documentLanguages)[number];

const lists = Object.entries(stopWords).map(([language, words]) => ({
  language: language as StopWordLanguage,
  words: new Set(words.split(/\s+/).filter(Boolean)),
}));

/** Enough of a document to recognise its language; reading further changes nothing but the time taken. */
const sampleLength = 100_000;
/** Below this many words there is too little to tell, and a wrong stemmer is worse than none. */
export const minimumWords = 12;
/** The winner's share of the words: running prose is a third or more function words; a list or code is not. */
const minimumShare = 0.08;
/** How far the winner must be ahead of the runner-up. */
const minimumLead = 1.5;

/**
 * English, Spanish or 'other', by counting each language's most frequent
 * function words (see stopWords.ts). Offline, deterministic and explainable:
 * the language with the most hits wins if it is clearly ahead and its words
 * are a real share of the text; anything else, including short texts and
 * the languages we do not stem, is 'other' (indexed without stemming).
 */
export function detectLanguage(text: string): DocumentLanguage {
  const words = wordsOf(text.slice(0, sampleLength).toLowerCase());
  if (words.length < minimumWords) return 'other';
  const hits = lists.map(({ language, words: list }) => ({ language, count: words.filter((word) => list.has(word)).length }));
  hits.sort((a, b) => b.count - a.count);
  const [first, second] = hits as [(typeof hits)[number], (typeof hits)[number]];
  if (first.count < minimumShare * words.length || first.count < minimumLead * second.count) return 'other';
  return first.language === 'en' || first.language === 'es' ? first.language : 'other';
}
