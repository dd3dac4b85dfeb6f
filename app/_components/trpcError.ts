import { TRPCClientError } from '@trpc/client';
import type { AppRouter } from '@/server/api';

export type ShownError = {
  /** Translated text for the form as a whole; undefined when the fields show the problem. */
  message?: string;
  /** Translated texts for the form's own fields. */
  fieldErrors: Record<string, string[]>;
};

/**
 * What a form shows for a failed tRPC call. The server translates its errors
 * (errorFormatter in server/api/trpc.ts). Errors about the form's `fields` go
 * next to them; anything else becomes the form's message. A network failure
 * or an unexpected server error shows `fallback`, so internals never reach the page.
 */
export function shownError(error: unknown, fallback: string, fields: readonly string[] = []): ShownError {
  if (!(error instanceof TRPCClientError) || !error.shape) return { message: fallback, fieldErrors: {} };
  const data = (error as TRPCClientError<AppRouter>).data;
  if (!data || data.code === 'INTERNAL_SERVER_ERROR') return { message: fallback, fieldErrors: {} };
  const fieldErrors: Record<string, string[]> = {};
  const elsewhere: string[] = [];
  for (const [field, messages] of Object.entries(data.fieldErrors ?? {})) {
    if (fields.includes(field)) fieldErrors[field] = messages;
    else elsewhere.push(...messages);
  }
  if (Object.keys(fieldErrors).length > 0 && elsewhere.length === 0) return { fieldErrors };
  return { message: elsewhere.length > 0 ? elsewhere.join(' ') : error.message, fieldErrors };
}
