import { Transform, type TransformCallback } from 'node:stream';
import { compoundFileSignature, encryptionInfoName } from '../processing/compoundFile';
import type { DocumentKind } from '../schema';
import { ByteSequenceScanner } from './byteSequenceScanner';
import { JsonSyntaxChecker } from './jsonSyntax';
import { contentTypeOfKind } from './rules';
import { textKind } from './textKind';
import { ZipEntryScanner } from './zipEntryScanner';

export type SniffedKind = { kind: DocumentKind; contentType: string };
/**
 * Bytes that are none of the allowed kinds, with what they look like as far
 * as the refusal's message needs it: text in another encoding than UTF-8,
 * an encrypted Office document, or anything else.
 */
export type UnacceptedContent = { kind: null; looksLike: 'textNotUtf8' | 'encryptedOffice' | 'other' };

/** How much of the start of a text the kind heuristics look at. */
export const sniffHeadBytes = 64 * 1024;

const pdfMagic = Buffer.from('%PDF-');
const zipMagic = Buffer.from('PK\x03\x04', 'latin1');
const longestMagic = compoundFileSignature.length;

/**
 * How far past the first invalid UTF-8 byte a text is watched for binary
 * control bytes before it is called text in another encoding: enough for a
 * binary file to give itself away, little enough to refuse a 25 MB Latin-1
 * file without reading all of it.
 */
const otherEncodingWatchBytes = 64 * 1024;

/** Control bytes that text in any 8-bit encoding may hold: tab, line and page breaks, SUB (the end mark old DOS editors wrote) and ESC (colours in logs). Any other means binary data. */
const textControls = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1a, 0x1b]);

/**
 * Decides a file's kind from its bytes as they stream past, never from its
 * name. The first bytes choose the family — `%PDF-` is a PDF, a zip's local
 * header a possible DOCX, an OLE compound file never an allowed kind,
 * anything else must be text — and the rest of the file is checked as it
 * arrives:
 * - a zip is a DOCX only if an entry `word/document.xml` turns up anywhere in it;
 * - text must be valid UTF-8 with no NUL byte from the first byte to the last
 *   (so a text file with binary further in is refused, not mislabelled), and
 *   whether it is JSON is checked over the whole file by a streaming parser.
 * A refused file is still told apart as far as the person needs to hear why:
 * text that stops being UTF-8 but has no binary control bytes is text in
 * another encoding, and a compound file is read on until it names an
 * EncryptionInfo stream (a password-protected Office document) or ends
 * (an old binary .doc, .xls… or anything else).
 * Memory stays at the head kept for the text heuristics (64 KiB) plus the
 * JSON nesting stack.
 */
export class ContentInspector {
  private pending: Buffer[] = [];
  private pendingLength = 0;
  // undefined until enough bytes arrive; null once refused as nothing in particular
  private family: 'pdf' | 'zip' | 'compound' | 'text' | 'otherEncoding' | null | undefined;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private readonly json = new JsonSyntaxChecker();
  private readonly docx = new ZipEntryScanner('word/document.xml');
  private readonly encryption = new ByteSequenceScanner(encryptionInfoName);
  private otherEncodingBytes = 0;
  private head = '';
  sizeBytes = 0;

  /**
   * `readCompoundFiles` (default true): read an OLE compound file on, to tell
   * a password-protected Word document from any other (an old .doc, .xls…).
   * False for a file not presented as Word: refused at its first bytes, not
   * staged whole first.
   */
  constructor(private readonly options: { readCompoundFiles?: boolean } = {}) {}

  /**
   * Null while the bytes so far may still be an allowed kind, or while
   * reading on could change what a refusal would say; after that, what they
   * look like (reading more cannot help).
   */
  get refusal(): UnacceptedContent | null {
    const settled =
      this.family === null || (this.family === 'otherEncoding' && this.otherEncodingBytes >= otherEncodingWatchBytes) || (this.family === 'compound' && this.encryption.found);
    return settled ? this.unaccepted() : null;
  }

  write(chunk: Buffer): void {
    this.sizeBytes += chunk.length;
    if (this.family === undefined) {
      this.pending.push(chunk);
      this.pendingLength += chunk.length;
      if (this.pendingLength < longestMagic) return;
      this.decideFamily();
    } else this.inspect(chunk);
  }

  /** The kind, once every byte has been written, or what the bytes look like when they are none of the allowed kinds (nothing written is `other`). */
  end(fileName: string, { complete = true }: { complete?: boolean } = {}): SniffedKind | UnacceptedContent {
    if (this.family === undefined) {
      if (this.pendingLength === 0) return this.unaccepted();
      this.decideFamily();
    }
    if (this.family === 'text' && complete) this.decodeText(undefined);
    if (this.family === 'pdf') return sniffed('pdf');
    if (this.family === 'zip' && this.docx.found) return sniffed('docx');
    if (this.family === 'text') return sniffed(this.textKind(fileName, complete));
    return this.unaccepted();
  }

  private unaccepted(): UnacceptedContent {
    const looksLike = this.family === 'otherEncoding' ? 'textNotUtf8' : this.family === 'compound' && this.encryption.found ? 'encryptedOffice' : 'other';
    return { kind: null, looksLike };
  }

  private decideFamily(): void {
    const start = Buffer.concat(this.pending);
    this.pending = [];
    if (startsWith(start, pdfMagic)) this.family = 'pdf';
    else if (startsWith(start, zipMagic)) this.family = 'zip';
    else if (startsWith(start, compoundFileSignature)) this.family = (this.options.readCompoundFiles ?? true) ? 'compound' : null;
    else this.family = 'text';
    this.inspect(start);
  }

  private inspect(bytes: Buffer): void {
    if (this.family === 'zip') this.docx.write(bytes);
    else if (this.family === 'compound') this.encryption.write(bytes);
    else if (this.family === 'otherEncoding') this.watchOtherEncoding(bytes);
    else if (this.family === 'text') {
      if (bytes.includes(0)) this.family = null;
      else this.decodeText(bytes);
    }
  }

  /** Decodes strictly (an invalid or, at the end, unfinished sequence makes it text in another encoding, or binary) and feeds the JSON check; no bytes means the end. */
  private decodeText(bytes: Buffer | undefined): void {
    let text: string;
    try {
      text = bytes ? this.decoder.decode(bytes, { stream: true }) : this.decoder.decode();
    } catch {
      this.family = 'otherEncoding';
      this.watchOtherEncoding(bytes ?? Buffer.alloc(0));
      return;
    }
    if (this.head.length < sniffHeadBytes) this.head += text.slice(0, sniffHeadBytes - this.head.length);
    if (!this.json.invalid) this.json.write(text);
  }

  /**
   * Text that is not UTF-8 is refused either way; what is left to learn is
   * whether it is text at all (Latin-1, Windows-1252…) or binary data, which
   * shows in control bytes no text has.
   */
  private watchOtherEncoding(bytes: Buffer): void {
    if (hasBinaryControl(bytes)) this.family = null;
    else this.otherEncodingBytes += bytes.length;
  }

  private textKind(fileName: string, complete: boolean): DocumentKind {
    const json = complete ? this.json.end() : this.json.invalid ? 'invalid' : /^\s*[[{]/.test(this.head) ? 'container' : 'invalid';
    return textKind(this.head, json, fileName, complete && this.head.length < sniffHeadBytes);
  }
}

function startsWith(bytes: Buffer, magic: Buffer): boolean {
  return bytes.length >= magic.length && bytes.subarray(0, magic.length).equals(magic);
}

function hasBinaryControl(bytes: Buffer): boolean {
  for (const byte of bytes) if (byte < 0x20 && !textControls.has(byte)) return true;
  return false;
}

const sniffed = (kind: DocumentKind): SniffedKind => ({ kind, contentType: contentTypeOfKind[kind] });

/**
 * The kind of `bytes` by content (the name only tips the balance between
 * txt, md and csv), or what they look like when they are none of the allowed
 * kinds. `bytes` is taken as the whole file unless `complete` is false, when
 * it is the start of a longer one: then a text cut mid-character is not
 * refused, and a JSON start that is valid so far counts as JSON.
 */
export function sniffKind(bytes: Buffer, fileName: string, options?: { complete?: boolean }): SniffedKind | UnacceptedContent {
  const inspector = new ContentInspector();
  inspector.write(bytes);
  return inspector.end(fileName, options);
}

/** A pass-through stream that inspects every byte, and fails with UnsupportedContent as soon as the inspector has settled on refusing them. */
export class InspectingStream extends Transform {
  readonly inspector: ContentInspector;

  constructor(options?: ConstructorParameters<typeof ContentInspector>[0]) {
    super();
    this.inspector = new ContentInspector(options);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.inspector.write(chunk);
    const { refusal } = this.inspector;
    if (refusal) return callback(new UnsupportedContent(refusal));
    callback(null, chunk);
  }
}

export class UnsupportedContent extends Error {
  constructor(readonly content: UnacceptedContent) {
    super(`The content is none of the allowed kinds (it looks like: ${content.looksLike})`);
    this.name = 'UnsupportedContent';
  }
}
