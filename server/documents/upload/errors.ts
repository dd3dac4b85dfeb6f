import { AppError } from '@/server/errors';

export type RefusalReason = 'tooLarge' | 'unsupportedType' | 'empty' | 'missingFile' | 'malformed';

/** 422 for a well-formed request without what it must carry (no file, or an empty one); 400 for one that cannot be read. */
const statusOf: Record<RefusalReason, number> = { tooLarge: 413, unsupportedType: 415, empty: 422, missingFile: 422, malformed: 400 };

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
