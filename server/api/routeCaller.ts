import { translate } from '@/i18n/translate';
import { addToLogContext } from '@/server/observability';
import type { Locale } from '@/i18n/locales';
import { createContext, unauthenticatedKey } from './trpc';
import { workspaceCaller, type WorkspaceCaller } from './workspaceCaller';

/** A JSON error for route handlers, in the caller's language: `{ error: { code, message } }`. */
export function errorResponse(status: number, locale: Locale, messageKey: string, params?: Record<string, string | number>): Response {
  return Response.json({ error: { code: messageKey, message: translate(locale, messageKey, params) } }, { status });
}

/**
 * For route handlers: the caller (session cookie or API token) inside the
 * workspace `slug`, or the Response that refuses them — 401 without
 * credentials, 404 for a workspace they may not see (the same as for none).
 */
export async function routeCaller(request: Request, slug: string | null): Promise<{ caller: WorkspaceCaller; locale: Locale; userId: string | null } | { refusal: Response }> {
  const context = await createContext({ headers: request.headers });
  if (!context.user && !context.apiToken) return { refusal: errorResponse(401, context.locale, unauthenticatedKey(context)) };
  const caller = await workspaceCaller(context, slug);
  if (!caller) return { refusal: errorResponse(404, context.locale, 'errors.workspaceNotFound') };
  addToLogContext({ tenantId: caller.tenant.id, userId: context.user?.id });
  return { caller, locale: context.locale, userId: context.user?.id ?? null };
}
