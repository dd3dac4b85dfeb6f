import { AppError } from '@/server/errors';

/** More than the limit was read; whatever had been written is already deleted. */
export class TooLargeError extends AppError {
  constructor(readonly maxBytes: number) {
    super('invalid', 'documents.upload.tooLarge', { params: { mb: Math.floor(maxBytes / (1024 * 1024)) } });
    this.name = 'TooLargeError';
  }
}

/** The key names no stored (or staged) file. */
export class BlobNotFoundError extends AppError {
  constructor(readonly key: string) {
    super('not_found', 'documents.upload.fileMissing');
    this.name = 'BlobNotFoundError';
  }
}
