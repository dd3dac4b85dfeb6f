import { Readable } from 'node:stream';
import type { BlobStorage } from './blobStorage';
import { getBlobStorage } from './getBlobStorage';

/** Types a browser could run as a page of our origin; they are only ever sent as opaque bytes. */
const renderable = /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml)\b/i;

/**
 * A stored file as a download: streamed, always an attachment, never
 * sniffed (`nosniff`) and never HTML, so an uploaded page cannot run in
 * Tramite's origin even if someone opens the link directly.
 */
export async function blobResponse(
  storageKey: string,
  file: { fileName: string; contentType: string },
  storage: BlobStorage = getBlobStorage(),
): Promise<Response> {
  const blob = await storage.open(storageKey);
  return new Response(Readable.toWeb(blob) as ReadableStream<Uint8Array>, {
    status: 200,
    headers: {
      'Content-Type': renderable.test(file.contentType) ? 'application/octet-stream' : file.contentType,
      'Content-Length': String(blob.sizeBytes),
      'Content-Disposition': contentDisposition(file.fileName),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, no-cache',
    },
  });
}

/**
 * `attachment` with the name twice: an ASCII fallback for old clients, and
 * the exact name as RFC 5987 `filename*=UTF-8''…` (percent-encoded bytes;
 * `encodeURIComponent` leaves `'()*` alone, which attr-char does not allow).
 */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
