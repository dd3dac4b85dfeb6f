import { Readable } from 'node:stream';

type Part = { name: string; value: string } | { name: string; fileName: string; contentType?: string; content: Buffer | Readable };

const boundary = '----TramiteTestBoundary7MA4YWxkTrZu0gW';

/**
 * A multipart/form-data POST whose body is produced as it is read, so a
 * test can send a 25 MB file without ever holding 25 MB. `cut` stops the
 * body short, as a client that goes away mid-upload would.
 */
export function multipartRequest(parts: Part[], options: { headers?: Record<string, string>; cut?: boolean } = {}): Request {
  async function* body() {
    for (const part of parts) {
      if ('value' in part) {
        yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`);
        continue;
      }
      yield Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.fileName}"\r\nContent-Type: ${part.contentType ?? 'application/octet-stream'}\r\n\r\n`,
      );
      if (Buffer.isBuffer(part.content)) yield part.content;
      else for await (const chunk of part.content) yield chunk as Buffer;
      if (options.cut) return;
      yield Buffer.from('\r\n');
    }
    yield Buffer.from(`--${boundary}--\r\n`);
  }
  return new Request('http://localhost/api/uploads', {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...options.headers },
    body: Readable.toWeb(Readable.from(body())) as ReadableStream<Uint8Array>,
    duplex: 'half',
  } as RequestInit);
}
