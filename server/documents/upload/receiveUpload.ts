import { pipeline, Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import type { DocumentKind } from '../schema';
import { getBlobStorage, TooLargeError, type BlobStorage } from '../storage';
import { InspectingStream, UnsupportedContent } from './contentInspector';
import { decideUpload, presentedAsWord, refusalFor } from './decideUpload';
import { UploadRefusedError } from './errors';
import { sanitiseFileName } from './rules';

export type ReceivedUpload = { fileName: string; kind: DocumentKind; contentType: string; stagingKey: string; sizeBytes: number; sha256: string };

/** Room for the multipart framing around the file when judging a declared Content-Length. */
const multipartOverheadBytes = 1024 * 1024;

/**
 * Reads the `file` part of a multipart/form-data request as a stream: its
 * bytes are inspected and staged as they arrive, never held whole in memory.
 * Resolves with the staged file, or throws UploadRefusedError (400, 413, 415,
 * 422) having discarded anything staged. Other parts are skipped; storage
 * failures are thrown as they are (a server error, not a refusal).
 */
export async function receiveUpload(request: Request, options: { maxBytes: number; storage?: BlobStorage }): Promise<ReceivedUpload> {
  const { maxBytes, storage = getBlobStorage() } = options;
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data\s*;/i.test(contentType) || !request.body) throw new UploadRefusedError('malformed');
  const declared = Number(request.headers.get('content-length'));
  if (declared > maxBytes + multipartOverheadBytes) throw tooLarge(maxBytes, null, declared);

  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: { 'content-type': contentType }, defParamCharset: 'utf8', limits: { files: 1, fields: 20, fieldSize: 64 * 1024, parts: 40 } });
  } catch (cause) {
    throw new UploadRefusedError('malformed', { cause }); // no boundary, say
  }
  const body = Readable.fromWeb(request.body as WebReadableStream<Uint8Array>);

  return new Promise<ReceivedUpload>((resolve, reject) => {
    let receiving = false;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      // Stop reading whatever the client is still sending.
      body.unpipe(parser);
      body.destroy();
      outcome();
    };

    parser.on('file', (field, file, info) => {
      if (field !== 'file' || receiving) return file.resume();
      receiving = true;
      const sent = { fileName: sanitiseFileName(info.filename ?? ''), declaredType: info.mimeType ?? '' };
      stageFile(file, sent, maxBytes, storage).then(
        (received) => settle(() => resolve(received)),
        (error) => settle(() => reject(error)),
      );
    });
    parser.on('error', (cause) => {
      // While a file is being staged, its stream fails with the same error and stageFile reports it.
      if (!receiving) settle(() => reject(new UploadRefusedError('malformed', { cause })));
    });
    parser.on('close', () => {
      // The whole form was read and had no `file` part.
      if (!receiving) settle(() => reject(new UploadRefusedError('missingFile')));
    });
    body.on('error', (cause) => {
      if (!receiving) settle(() => reject(new UploadRefusedError('malformed', { cause })));
    });
    body.pipe(parser);
  });
}

async function stageFile(file: Readable, sent: { fileName: string; declaredType: string }, maxBytes: number, storage: BlobStorage): Promise<ReceivedUpload> {
  const { fileName } = sent;
  const inspecting = new InspectingStream({ readCompoundFiles: presentedAsWord(sent) });
  let readFailure: unknown;
  file.on('error', (error) => (readFailure ??= error));
  const source = pipeline(file, inspecting, () => {});
  let staged;
  try {
    staged = await storage.stage(source, { maxBytes });
  } catch (cause) {
    // stage() has already deleted what it wrote.
    if (cause instanceof TooLargeError) throw tooLarge(maxBytes, fileName, inspecting.inspector.sizeBytes, cause);
    if (cause instanceof UnsupportedContent) throw refusalFor(cause.content, { ...sent, sizeBytes: inspecting.inspector.sizeBytes, cause });
    if (readFailure) throw new UploadRefusedError('malformed', { fileName, cause: readFailure });
    throw cause;
  }
  const refuse = async (error: UploadRefusedError) => {
    await storage.discard(staged.stagingKey);
    throw error;
  };
  if (staged.sizeBytes === 0) return refuse(new UploadRefusedError('empty', { fileName, sizeBytes: 0 }));
  const decided = decideUpload(inspecting.inspector.end(fileName), { ...sent, sizeBytes: staged.sizeBytes });
  if (decided instanceof UploadRefusedError) return refuse(decided);
  return { fileName, ...decided, ...staged };
}

function tooLarge(maxBytes: number, fileName: string | null, sizeBytes: number | null, cause?: unknown): UploadRefusedError {
  return new UploadRefusedError('tooLarge', { fileName, sizeBytes, params: { mb: Math.floor(maxBytes / (1024 * 1024)) }, cause });
}
