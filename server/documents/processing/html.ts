import { convert, type HtmlToTextOptions } from 'html-to-text';

const options: HtmlToTextOptions = {
  wordwrap: false,
  // Deeper markup is cut off rather than overflowing the stack while walking it.
  limits: { maxDepth: 500 },
  selectors: [
    // Never text a reader sees: code, styles, embedded documents.
    ...['head', 'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed', 'canvas'].map((selector) => ({ selector, format: 'skip' })),
    { selector: 'img', format: 'skip' },
    { selector: 'a', options: { ignoreHref: true } },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false, maxColumnWidth: 10_000 } },
  ],
};

/** The text a reader sees on the page: entities decoded, markup gone, scripts and styles left out. */
export function htmlToText(html: string): string {
  return convert(html, options);
}
