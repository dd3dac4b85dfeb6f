import { appRouter, type Context } from '@/server/api';
import { createCallerFactory } from '@/server/api/trpc';
import { signUp, signUpInput, type SessionUser } from '@/server/auth';
import { resolveApiToken } from '@/server/tenancy';

const createCaller = createCallerFactory(appRouter);

/** A tRPC caller acting as a signed-in person, optionally inside a workspace (`x-tenant`). */
export function callerFor(user: SessionUser | null, tenant?: string, locale: Context['locale'] = 'en') {
  return createCaller({ user, apiToken: null, ip: '127.0.0.1', headers: new Headers(tenant ? { 'x-tenant': tenant } : {}), locale });
}

/** A tRPC caller acting as a program with an API token, resolved the way the HTTP context does it. */
export async function callerForToken(token: string, tenant: string) {
  return createCaller({ user: null, apiToken: await resolveApiToken(token), ip: '127.0.0.1', headers: new Headers({ 'x-tenant': tenant, authorization: `Bearer ${token}` }), locale: 'en' });
}

let counter = 0;
/** Signs up a fresh person; their first workspace's slug is returned with them. */
export async function newUser(name = 'Person') {
  counter += 1;
  const email = `${name.toLowerCase().replace(/\W+/g, '')}${counter}-${Date.now()}@example.com`;
  const { user, tenant } = await signUp(signUpInput.parse({ name: `${name} ${counter}`, email, password: 'long enough password' }));
  return { user, slug: tenant.slug, tenantId: tenant.id };
}
