import type { DocumentKind } from '../schema';
import { extensionOf } from './rules';
import type { JsonVerdict } from './jsonSyntax';

type TextKind = Extract<DocumentKind, 'txt' | 'md' | 'html' | 'csv' | 'json'>;

/** Within the text family only, the name's extension chooses between the kinds the content does not settle. */
const extensionHints: Record<string, TextKind> = { txt: 'txt', text: 'txt', md: 'md', markdown: 'md', csv: 'csv', tsv: 'csv' };

/**
 * Which text kind a valid UTF-8 text is. The content decides first: a page
 * that starts like HTML is HTML and a text that is a JSON object or array is
 * JSON, whatever the name. The lighter signs (CSV columns, Markdown marks)
 * give way to a txt/md/csv extension. `head` is the start of the text (the
 * heuristics need no more); `json` is the verdict on all of it.
 */
export function textKind(head: string, json: JsonVerdict, fileName: string, complete: boolean): TextKind {
  const extension = extensionOf(fileName);
  if (looksLikeHtml(head)) return 'html';
  if (json === 'container' || (json === 'scalar' && extension === 'json')) return 'json';
  const lines = completeLines(head, complete);
  const hint = extensionHints[extension];
  if (hint === 'csv') return csvColumns(lines, 1) ? 'csv' : 'txt';
  if (hint) return hint;
  if (csvColumns(lines, 3)) return 'csv';
  if (markdownSigns(lines) >= 2) return 'md';
  return 'txt';
}

/** After any whitespace, comments and XML declaration: `<!doctype html` or `<html`. */
export function looksLikeHtml(text: string): boolean {
  let rest = text;
  for (;;) {
    rest = rest.trimStart();
    if (rest.startsWith('<!--')) {
      const end = rest.indexOf('-->');
      if (end === -1) return false;
      rest = rest.slice(end + 3);
    } else if (rest.startsWith('<?xml')) {
      const end = rest.indexOf('?>');
      if (end === -1) return false;
      rest = rest.slice(end + 2);
    } else break;
  }
  return /^<!doctype\s+html[\s>]/i.test(rest) || /^<html[\s>]/i.test(rest);
}

/** The first lines that are whole (the last one of a cut-off head may not be), without blank ones. */
function completeLines(head: string, complete: boolean): string[] {
  const lines = head.split(/\r?\n/);
  if (!complete) lines.pop();
  return lines.filter((line) => line.trim() !== '').slice(0, 50);
}

/**
 * Every line has the same number of fields for the delimiter the first line
 * uses most (a comma, semicolon or tab), over at least `minLines` lines.
 * Without a .csv name that takes three lines of two or more fields; with
 * one, a single column will do.
 */
function csvColumns(lines: string[], minLines: number): boolean {
  const [first] = lines;
  if (first === undefined || lines.length < minLines) return false;
  const delimiter = [',', ';', '\t'].reduce((best, d) => (first.split(d).length > first.split(best).length ? d : best));
  const counts = new Set(lines.map((line) => fieldCount(line, delimiter)));
  const [count] = counts;
  return counts.size === 1 && count !== undefined && count >= (minLines === 1 ? 1 : 2);
}

/** Fields in one line, honouring double quotes; -1 when a quote is left open. */
function fieldCount(line: string, delimiter: string): number {
  let fields = 1;
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === delimiter && !quoted) fields++;
  }
  return quoted ? -1 : fields;
}

const markdownMarks: RegExp[] = [
  /^#{1,6}\s+\S/, // heading
  /^(```|~~~)/, // fenced code
  /^\s*[-*+]\s+\S/, // bullet list
  /^\s*\d+[.)]\s+\S/, // numbered list
  /\[[^\]]+\]\([^)\s]+\)/, // link or image
  /(\*\*|__)[^*_\s][^*_]*\1/, // strong emphasis
  /^>\s?\S/, // block quote
  /^\|?\s*:?-{3,}:?\s*\|/, // table rule
  /`[^`\s][^`]*`/, // inline code
];

/** How many different kinds of Markdown mark appear (two or more make a text Markdown). */
function markdownSigns(lines: string[]): number {
  return markdownMarks.filter((mark) => lines.some((line) => mark.test(line))).length;
}
