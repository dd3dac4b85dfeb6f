/**
 * A failure the user should hear about. `messageKey` names a string in
 * messages/*.json (the UI shows its text); `code` is stable for logs and
 * callers; `cause` keeps the underlying error for the logs only.
 */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    readonly messageKey: string,
    options?: { cause?: unknown; params?: Record<string, string | number>; field?: string },
  ) {
    super(code, { cause: options?.cause });
    this.name = 'AppError';
    this.params = options?.params ?? {};
    this.field = options?.field;
  }
  readonly params: Record<string, string | number>;
  /** The input field the error belongs to, when it is about one (forms show it there). */
  readonly field: string | undefined;
}

/** Codes map onto HTTP/tRPC statuses in one place (server/api). */
export type AppErrorCode = 'not_found' | 'forbidden' | 'unauthorized' | 'conflict' | 'invalid' | 'rate_limited' | 'unavailable';
