import { expect, test } from './fixtures';

test('the session cookie is HttpOnly and SameSite=Lax', async ({ page, signedIn }) => {
  const cookies = await page.context().cookies();
  const session = cookies.find((cookie) => cookie.name.endsWith('next-auth.session-token'));
  expect(session, `signed in as ${signedIn.email}`).toBeDefined();
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
});

test('pages carry a nonce-based CSP that forbids framing, and the page still runs under it', async ({ page }) => {
  const response = await page.goto('/sign-in');
  const headers = response!.headers();
  const csp = headers['content-security-policy']!;
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'referrer-policy': 'strict-origin-when-cross-origin', 'x-frame-options': 'DENY' });
  // Hydrated React (allowed by the nonce) switches the language; a blocked script could not.
  await page.getByLabel('Language').selectOption('es');
  await expect(page.getByRole('heading', { name: 'Inicia sesión en Tramite' })).toBeVisible();
});

test('API responses carry nosniff too', async ({ request }) => {
  const response = await request.get('/api/trpc/tenants.list');
  expect(response.headers()['x-content-type-options']).toBe('nosniff');
});
