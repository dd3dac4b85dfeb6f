import { AppError } from '@/server/errors';

export const unreadableReasons = ['pdfEncrypted', 'pdfCorrupt', 'docxEncrypted', 'docxCorrupt', 'notUtf8'] as const;
export type UnreadableReason = (typeof unreadableReasons)[number];

/**
 * The file's bytes cannot be read as its kind: corrupt, password-protected or
 * in another encoding. Reading it again gives the same answer, so the
 * workflow must not retry (`nonRetryable`, as `isNonRetryable` in
 * server/events checks). The message key `documents.reasons.<reason>` tells
 * the person what to do; `cause` keeps the parser's own error for the logs.
 */
export class UnreadableDocumentError extends AppError {
  readonly nonRetryable = true;

  constructor(
    readonly reason: UnreadableReason,
    options?: { cause?: unknown },
  ) {
    super('invalid', `documents.reasons.${reason}`, { cause: options?.cause });
    this.name = 'UnreadableDocumentError';
  }
}
