import { TRPCClientError } from '@trpc/client';
import { createTramiteClient, type AppRouter } from '@/client';
import { expect, newAccount, signUp, test } from './fixtures';

/** Creates an API token through the signed-in page's session, as the tokens page does. */
async function createToken(page: import('@playwright/test').Page, slug: string, role: 'admin' | 'member' | 'viewer') {
  const response = await page.request.post('/api/trpc/tokens.create', { data: { json: { name: `${role} bot`, role } }, headers: { 'x-tenant': slug } });
  expect(response.status()).toBe(200);
  return (await response.json()).result.data.json as { id: string; token: string };
}

test('a program calls the API with the typed client and a workspace token', async ({ page, signedIn, baseURL }) => {
  const { token } = await createToken(page, signedIn.slug, 'admin');
  const tramite = createTramiteClient({ url: baseURL!, token, tenant: signedIn.slug });

  await expect(tramite.tenants.current.query()).resolves.toMatchObject({ slug: signedIn.slug, role: 'admin' });
  const members = await tramite.members.list.query();
  expect(members.map((m) => m.email)).toEqual([signedIn.email]);
});

test('a token of workspace A is refused with x-tenant of workspace B, and after it is revoked', async ({ page, browser, signedIn, baseURL }) => {
  const other = await browser.newPage();
  const otherSlug = await signUp(other, newAccount('Other'));
  const { token, id } = await createToken(page, signedIn.slug, 'member');

  const intoOther = createTramiteClient({ url: baseURL!, token, tenant: otherSlug });
  const refused = await intoOther.tenants.current.query().catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(TRPCClientError);
  expect((refused as TRPCClientError<AppRouter>).data?.httpStatus).toBe(404);

  const revoke = await page.request.post('/api/trpc/tokens.revoke', { data: { json: { id } }, headers: { 'x-tenant': signedIn.slug } });
  expect(revoke.status()).toBe(200);
  const own = createTramiteClient({ url: baseURL!, token, tenant: signedIn.slug });
  const afterRevoke = await own.tenants.current.query().catch((error: unknown) => error);
  expect((afterRevoke as TRPCClientError<AppRouter>).data?.httpStatus).toBe(401);
  await other.close();
});
