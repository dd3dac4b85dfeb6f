/**
 * tRPC for Tramite, read in three parts:
 *   1. context   — who is calling, in which language
 *   2. init      — superjson, and error shapes with field-level messages
 *   3. procedures — public, signed-in (`protectedProcedure`), workspace-scoped (`tenantProcedure`)
 * Routers import only the procedures from here, and call module functions.
 */
import { initTRPC, TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';
import { getSessionUser } from '@/server/auth';
import { AppError, type AppErrorCode } from '@/server/errors';
import { addToLogContext } from '@/server/observability';
import { authorize, resolveApiToken, type Action } from '@/server/tenancy';
import { workspaceCaller } from './workspaceCaller';
import { localeCookie, negotiateLocale } from '@/i18n/locales';
import { translate } from '@/i18n/translate';

// 1. Context ---------------------------------------------------------------
/**
 * A caller is either a signed-in person (session cookie) or a program with a
 * workspace API token (`Authorization: Bearer …`); a request that sends a
 * token is judged by the token alone.
 */
export async function createContext({ headers }: { headers: Headers }) {
  const cookieLocale = headers.get('cookie')?.match(new RegExp(`(?:^|; )${localeCookie}=([^;]+)`))?.[1];
  const bearer = bearerOf(headers);
  return {
    headers,
    ip: headers.get('x-forwarded-for')?.split(',')[0]?.trim() || headers.get('x-real-ip') || 'unknown',
    locale: negotiateLocale(cookieLocale, headers.get('accept-language')),
    user: bearer ? null : await getSessionUser(),
    apiToken: bearer ? await resolveApiToken(bearer) : null,
  };
}
export type Context = Awaited<ReturnType<typeof createContext>>;

const bearerOf = (headers: Headers) => headers.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];

/** Why a caller with neither a session nor a valid token is refused: a program that sent a token must hear that the token is the problem. */
export const unauthenticatedKey = (ctx: Pick<Context, 'headers'>) => (bearerOf(ctx.headers) ? 'errors.apiTokenInvalid' : 'errors.signInRequired');

// 2. Initialisation --------------------------------------------------------
/** `scope: 'tenant'` marks workspace-scoped procedures, so the security suite can find every one of them. */
export type Meta = { scope?: 'tenant' };

const t = initTRPC.context<Context>().meta<Meta>().create({
  transformer: superjson,
  errorFormatter({ shape, error, ctx }) {
    const locale = ctx?.locale ?? 'en';
    const zod = error.cause instanceof ZodError ? error.cause : null;
    const app = error.cause instanceof AppError ? error.cause : null;
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of zod?.issues ?? []) {
      const field = issue.path.join('.') || '_';
      (fieldErrors[field] ??= []).push(translate(locale, messageKeyOf(issue.message)));
    }
    if (app?.field) fieldErrors[app.field] = [translate(locale, app.messageKey, app.params)];
    return {
      ...shape,
      message: app ? translate(locale, app.messageKey, app.params) : zod ? translate(locale, 'validation.checkFields') : shape.message,
      data: { ...shape.data, messageKey: app?.messageKey ?? null, fieldErrors: zod || app?.field ? fieldErrors : null },
    };
  },
});

/** zod's own messages (a rule without an explicit key) fall back to a generic key. */
function messageKeyOf(message: string): string {
  return /^[a-z]+\.[A-Za-z.]+$/.test(message) ? message : 'validation.invalid';
}

const statusOf: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  not_found: 'NOT_FOUND',
  forbidden: 'FORBIDDEN',
  unauthorized: 'UNAUTHORIZED',
  conflict: 'CONFLICT',
  invalid: 'BAD_REQUEST',
  rate_limited: 'TOO_MANY_REQUESTS',
  unavailable: 'SERVICE_UNAVAILABLE',
};

/** Domain errors become tRPC errors in this one place. */
const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: statusOf[cause.code], message: cause.messageKey, cause });
  }
  return result;
});

// 3. Procedures ------------------------------------------------------------
export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(mapAppErrors);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: translate(ctx.locale, 'errors.signInRequired') });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/**
 * The workspace comes from the `x-tenant` header (its slug) and is accepted
 * only for members. A workspace that does not exist and one the caller does
 * not belong to get the same answer, so ids cannot be probed.
 */
export const tenantProcedure = publicProcedure.meta({ scope: 'tenant' }).use(async ({ ctx, next }) => {
  if (!ctx.user && !ctx.apiToken) throw new TRPCError({ code: 'UNAUTHORIZED', message: translate(ctx.locale, unauthenticatedKey(ctx)) });
  const caller = await workspaceCaller(ctx, ctx.headers.get('x-tenant'));
  if (!caller) throw new TRPCError({ code: 'NOT_FOUND', message: translate(ctx.locale, 'errors.workspaceNotFound') });
  const { tenant, actor } = caller;
  addToLogContext({ tenantId: tenant.id, userId: ctx.user?.id });
  return next({ ctx: { ...ctx, tenant, actor } });
});

/** A workspace-scoped procedure that also needs the caller's role to allow `action` (server/tenancy/policies.ts). */
export const allowedProcedure = (action: Action) =>
  tenantProcedure.use(({ ctx, next }) => {
    authorize(ctx.tenant.role, action);
    return next();
  });
