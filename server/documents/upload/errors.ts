import { AppError } from '@/server/errors';

export type RefusalReason = 'tooLarge' | 'unsupportedType' | 'notUtf8' | 'docxEncrypted' | 'nameMismatch' | 'empty' | 'missingFile' | 'malformed';

/**
 * 415 when the bytes themselves are in a format the server does not take:
 * none of the allowed kinds, text in a charset other than UTF-8 (the charset
 * is part of a text's media type), or a Word document encrypted into an OLE
 * container instead of the .docx zip — the same status the same bytes get
 * under any name, only the message is more precise. 422 for a well-formed
 * request whose file cannot be kept as sent: none, an empty one, or one of
 * an allowed kind whose name claims another (the name is kept and served
 * with the file). 400 for a request that cannot be read.
 */
const statusOf: Record<RefusalReason, number> = {
  tooLarge: 413,
  unsupportedType: 415,
  notUtf8: 415,
  docxEncrypted: 415,
  nameMismatch: 422,
  empty: 422,
  missingFile: 422,
  malformed: 400,
};

/**
 * An upload the server will not keep, with the HTTP status to answer and
 * the i18n key (`documents.upload.<reason>`) of the message to show. By the
 * time it is thrown, nothing of the file is left in storage.
 */
export class UploadRefusedError extends AppError {
  readonly status: number;

  constructor(
    readonly reason: RefusalReason,
    details: {
      /** The sanitised name, when the file part got that far. */
      fileName?: string | null;
      /** Bytes received, when known (for "too large", more than the limit). */
      sizeBytes?: number | null;
      params?: Record<string, string | number>;
      cause?: unknown;
    } = {},
  ) {
    super('invalid', `documents.upload.${reason}`, { params: details.params, cause: details.cause, field: 'file' });
    this.name = 'UploadRefusedError';
    this.status = statusOf[reason];
    this.fileName = details.fileName ?? null;
    this.sizeBytes = details.sizeBytes ?? null;
  }

  readonly fileName: string | null;
  readonly sizeBytes: number | null;
}
