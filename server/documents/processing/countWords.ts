/**
 * A word is a run of letters (with their combining accents) and digits,
 * joined by an apostrophe or a hyphen: "año", "don't", "bien-estar" and
 * "2024" are one word each.
 */
const word = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;

export function wordsOf(text: string): string[] {
  return text.match(word) ?? [];
}

export function countWords(text: string): number {
  let count = 0;
  const matches = text.matchAll(word);
  while (!matches.next().done) count += 1;
  return count;
}
