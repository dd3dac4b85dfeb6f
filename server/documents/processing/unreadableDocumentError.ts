import { AppError } from '@/server/errors';
import { unreadableReasonKey, type UnreadableReason } from './unreadableReasons';

/**
 * The file's bytes cannot be read as its kind: corrupt, password-protected or
 * in another encoding. Reading it again gives the same answer, so the
 * workflow must not retry (`nonRetryable`, as `isNonRetryable` in
 * server/events checks). The message key (`unreadableReasonKey`) tells
 * the person what to do; `cause` keeps the parser's own error for the logs.
 */
export class UnreadableDocumentError extends AppError {
  readonly nonRetryable = true;

  constructor(
    readonly reason: UnreadableReason,
    options?: { cause?: unknown },
  ) {
    super('invalid', unreadableReasonKey(reason), { cause: options?.cause });
    this.name = 'UnreadableDocumentError';
  }
}
