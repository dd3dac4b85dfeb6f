import { Transform, type TransformCallback } from 'node:stream';
import type { DocumentKind } from '../schema';
import { JsonSyntaxChecker } from './jsonSyntax';
import { contentTypeOfKind } from './rules';
import { textKind } from './textKind';
import { ZipEntryScanner } from './zipEntryScanner';

export type SniffedKind = { kind: DocumentKind; contentType: string };

/** How much of the start of a text the kind heuristics look at. */
export const sniffHeadBytes = 64 * 1024;

const pdfMagic = Buffer.from('%PDF-');
const zipMagic = Buffer.from('PK\x03\x04', 'latin1');

/**
 * Decides a file's kind from its bytes as they stream past, never from its
 * name. The first bytes choose the family — `%PDF-` is a PDF, a zip's local
 * header a possible DOCX, anything else must be text — and the rest of the
 * file is checked as it arrives:
 * - a zip is a DOCX only if an entry `word/document.xml` turns up anywhere in it;
 * - text must be valid UTF-8 with no NUL byte from the first byte to the last
 *   (so a text file with binary further in is refused, not mislabelled), and
 *   whether it is JSON is checked over the whole file by a streaming parser.
 * Memory stays at the head kept for the text heuristics (64 KiB) plus the
 * JSON nesting stack.
 */
export class ContentInspector {
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private family: 'pdf' | 'zip' | 'text' | null | undefined; // undefined until enough bytes arrive; null once refused
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private readonly json = new JsonSyntaxChecker();
  private readonly docx = new ZipEntryScanner('word/document.xml');
  private head = '';
  sizeBytes = 0;

  /** False once the bytes so far rule out every allowed kind (reading more cannot help). */
  get acceptable(): boolean {
    return this.family !== null;
  }

  write(chunk: Buffer): boolean {
    this.sizeBytes += chunk.length;
    if (this.family === undefined) {
      this.pending.push(chunk);
      this.pendingLength += chunk.length;
      if (this.pendingLength < pdfMagic.length) return true;
      this.decideFamily();
    } else if (this.family) this.inspect(chunk);
    return this.acceptable;
  }

  /** The kind, once every byte has been written; null when it is none of the allowed kinds (or nothing was written). */
  end(fileName: string, { complete = true }: { complete?: boolean } = {}): SniffedKind | null {
    if (this.family === undefined) {
      if (this.pendingLength === 0) return null;
      this.decideFamily();
    }
    if (this.family === 'text' && complete) this.decodeText(undefined);
    const kind = this.family === 'pdf' ? 'pdf' : this.family === 'zip' ? (this.docx.found ? 'docx' : null) : this.family === 'text' ? this.textKind(fileName, complete) : null;
    return kind ? { kind, contentType: contentTypeOfKind[kind] } : null;
  }

  private decideFamily(): void {
    const start = Buffer.concat(this.pending);
    this.pending = [];
    this.family = startsWith(start, pdfMagic) ? 'pdf' : startsWith(start, zipMagic) ? 'zip' : 'text';
    this.inspect(start);
  }

  private inspect(bytes: Buffer): void {
    if (this.family === 'zip') this.docx.write(bytes);
    else if (this.family === 'text') {
      if (bytes.includes(0)) this.family = null;
      else this.decodeText(bytes);
    }
  }

  /** Decodes strictly (an invalid or, at the end, unfinished sequence refuses the file) and feeds the JSON check; no bytes means the end. */
  private decodeText(bytes: Buffer | undefined): void {
    let text: string;
    try {
      text = bytes ? this.decoder.decode(bytes, { stream: true }) : this.decoder.decode();
    } catch {
      this.family = null;
      return;
    }
    if (this.head.length < sniffHeadBytes) this.head += text.slice(0, sniffHeadBytes - this.head.length);
    if (!this.json.invalid) this.json.write(text);
  }

  private textKind(fileName: string, complete: boolean): DocumentKind {
    const json = complete ? this.json.end() : this.json.invalid ? 'invalid' : /^\s*[[{]/.test(this.head) ? 'container' : 'invalid';
    return textKind(this.head, json, fileName, complete && this.head.length < sniffHeadBytes);
  }
}

function startsWith(bytes: Buffer, magic: Buffer): boolean {
  return bytes.length >= magic.length && bytes.subarray(0, magic.length).equals(magic);
}

/**
 * The kind of `bytes` by content (the name only tips the balance between
 * txt, md and csv). `bytes` is taken as the whole file unless `complete` is
 * false, when it is the start of a longer one: then a text cut mid-character
 * is not refused, and a JSON start that is valid so far counts as JSON.
 */
export function sniffKind(bytes: Buffer, fileName: string, options?: { complete?: boolean }): SniffedKind | null {
  const inspector = new ContentInspector();
  inspector.write(bytes);
  return inspector.end(fileName, options);
}

/** A pass-through stream that inspects every byte, and fails with UnsupportedContent as soon as the bytes rule out every allowed kind. */
export class InspectingStream extends Transform {
  readonly inspector = new ContentInspector();

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!this.inspector.write(chunk)) return callback(new UnsupportedContent());
    callback(null, chunk);
  }
}

export class UnsupportedContent extends Error {
  constructor() {
    super('The content is none of the allowed kinds');
    this.name = 'UnsupportedContent';
  }
}
