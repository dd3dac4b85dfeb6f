/**
 * Snippets come back as parts, matched or not, so the UI renders each as
 * text (a <mark> around the matched ones) and never parses HTML made from a
 * document. Postgres marks matches with two private-use characters, removed
 * from the text beforehand so that a document cannot forge a highlight.
 */
export type SnippetPart = { text: string; match: boolean };

export const matchStart = '\uE000';
export const matchEnd = '\uE001';

export function snippetParts(headline: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  for (const [index, piece] of headline.split(new RegExp(`[${matchStart}${matchEnd}]`)).entries()) {
    const text = piece.replace(/\s+/g, ' ');
    // Between a start and an end mark (odd pieces) is a match.
    if (text) parts.push({ text, match: index % 2 === 1 });
  }
  const [first, last] = [parts.at(0), parts.at(-1)];
  if (first && !first.match) first.text = first.text.trimStart();
  if (last && !last.match) last.text = last.text.trimEnd();
  return parts.filter((part) => part.text);
}
