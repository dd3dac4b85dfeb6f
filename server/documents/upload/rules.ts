/**
 * The upload rules the form and the server share. This file imports nothing
 * from the server, so the form may import it directly; the server applies
 * the same rules to the bytes themselves (see sniffKind and receiveUpload).
 */
import { z } from 'zod';
import type { DocumentKind } from '../schema';

/** The default of MAX_UPLOAD_MB; the configured limit reaches the form as a prop. */
export const defaultMaxUploadMb = 25;

/** What each kind is stored and served as. Keyed by every DocumentKind, so the list of allowed kinds cannot drift from the schema. */
export const contentTypeOfKind = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
} as const satisfies Record<DocumentKind, string>;

export const allowedKinds = Object.keys(contentTypeOfKind) as DocumentKind[];

/** For the picker's `accept`: a convenience only, since the server decides by content. */
export const acceptedExtensions = ['.pdf', '.docx', '.txt', '.md', '.markdown', '.html', '.htm', '.csv', '.tsv', '.json'].join(',');

/** A file as the form sees it (a File has both), checked before sending; the messages are i18n keys. */
export function uploadFileSchema(maxBytes: number) {
  return z.object({
    name: z.string(),
    size: z
      .number()
      .int()
      .min(1, 'documents.upload.empty')
      .max(maxBytes, 'documents.upload.tooLarge'),
  });
}

/** Longest name kept, in characters (most file systems allow 255 bytes; this leaves room for UTF-8). */
export const maxFileNameLength = 120;
const fallbackStem = 'document';

// Control characters, and the bidirectional overrides that can make "evil‮fdp.exe" display as "evilexe.pdf".
const invisible = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const reserved = /[<>:"|?*]/g;
const windowsDeviceName = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\.|$)/i;

/**
 * A name that is safe to store, show and send back in Content-Disposition:
 * the last path segment only, no control or reserved characters, no leading
 * dots or trailing dots and spaces, at most `maxFileNameLength` characters
 * with the extension kept, and never empty.
 */
export function sanitiseFileName(raw: string): string {
  const lastSegment = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  let name = lastSegment
    .replace(/\s+/g, ' ') // tabs and line breaks included, before the other control characters go
    .replace(invisible, '')
    .replace(reserved, '_')
    .replace(/[. ]+$/, '')
    .trim();
  // ".pdf" is an extension without a name.
  if (/^\.+[^.]+$/.test(name)) name = `${fallbackStem}.${name.replace(/^\.+/, '')}`;
  name = name.replace(/^[. ]+/, '');
  if (windowsDeviceName.test(name)) name = `_${name}`;
  name = truncateKeepingExtension(name);
  return name || fallbackStem;
}

function truncateKeepingExtension(name: string): string {
  const chars = Array.from(name); // by code point, so no surrogate pair is cut in half
  if (chars.length <= maxFileNameLength) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? Array.from(name.slice(dot)) : [];
  if (extension.length > 16) return chars.slice(0, maxFileNameLength).join('').trim();
  const stem = chars.slice(0, maxFileNameLength - extension.length).join('').replace(/[. ]+$/, '');
  return stem + extension.join('');
}

/** A file name's lower-cased extension without the dot, or '' */
export function extensionOf(fileName: string): string {
  const match = /\.([^./\\]+)$/.exec(fileName);
  return match ? match[1]!.toLowerCase() : '';
}

/** The file name as a zod rule, for schemas that carry one. */
export const fileNameSchema = z.string().transform(sanitiseFileName);
