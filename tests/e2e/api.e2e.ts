import type { APIResponse } from '@playwright/test';
import { expect, test } from './fixtures';

/** The error of a non-batched tRPC call, unwrapped from superjson's envelope. */
async function trpcError(response: APIResponse) {
  const body = await response.json();
  return body.error.json as { message: string; data: { code: string; httpStatus: number; fieldErrors: Record<string, string[]> | null } };
}

test('the tRPC API answers validation errors per field, in the caller’s language', async ({ page, signedIn, baseURL }) => {
  const createTooShort = (headers: Record<string, string>) =>
    page.request.post('/api/trpc/tenants.create', { data: { json: { name: 'x' } }, headers });

  const english = await createTooShort({ 'accept-language': 'en' });
  expect(english.status()).toBe(400);
  const englishError = await trpcError(english);
  expect(englishError.data.code).toBe('BAD_REQUEST');
  expect(englishError.data.fieldErrors).toEqual({ name: ['Use at least 2 characters.'] });
  expect(englishError.message).toBe('Some fields need attention.');

  const browserSpanish = await createTooShort({ 'accept-language': 'es-ES,es;q=0.9' });
  expect(browserSpanish.status()).toBe(400);
  expect((await trpcError(browserSpanish)).data.fieldErrors).toEqual({ name: ['Usa al menos 2 caracteres.'] });

  // The remembered choice (the language cookie) wins over the browser's preference.
  await page.context().addCookies([{ name: 'NEXT_LOCALE', value: 'es', url: baseURL! }]);
  const chosenSpanish = await createTooShort({ 'accept-language': 'en' });
  expect(chosenSpanish.status()).toBe(400);
  const spanishError = await trpcError(chosenSpanish);
  expect(spanishError.data.fieldErrors).toEqual({ name: ['Usa al menos 2 caracteres.'] });
  expect(spanishError.message).toBe('Algunos campos necesitan atención.');

  const created = await page.request.post('/api/trpc/tenants.create', { data: { json: { name: 'From the API' } } });
  expect(created.status()).toBe(200);
  const workspace = (await created.json()).result.data.json;
  expect(workspace).toMatchObject({ name: 'From the API', role: 'owner' });
  const list = await page.request.get('/api/trpc/tenants.list');
  expect((await list.json()).result.data.json.map((w: { slug: string }) => w.slug)).toEqual([signedIn.slug, workspace.slug]);
});

test('the tRPC API refuses a caller who is not signed in', async ({ request }) => {
  const response = await request.post('/api/trpc/tenants.create', { data: { json: { name: 'Nobody’s team' } } });
  expect(response.status()).toBe(401);
  const error = await trpcError(response);
  expect(error.data.code).toBe('UNAUTHORIZED');
  expect(error.message).toBe('Sign in to continue.');
});
