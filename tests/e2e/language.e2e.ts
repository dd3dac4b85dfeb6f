import { expect, test } from './fixtures';

test('switching the language to Spanish translates the UI, and the choice is remembered', async ({ page, signedIn }) => {
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByLabel('Language').selectOption('es');

  await expect(page.getByRole('heading', { level: 1, name: 'Documentos' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Espacio de trabajo' }).getByRole('link', { name: 'Documentos' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cerrar sesión' })).toBeVisible();
  await expect(page.getByLabel('Idioma')).toHaveValue('es');

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page.getByRole('heading', { level: 1, name: 'Documentos' })).toBeVisible();
  await expect(page.getByText('Todavía no hay documentos')).toBeVisible();
  await expect(page.getByRole('button', { name: `Espacio de trabajo: ${signedIn.name}` })).toBeVisible();
  await expect(page.getByLabel('Idioma')).toHaveValue('es');

  await page.getByRole('button', { name: 'Cerrar sesión' }).click();
  await page.waitForURL('/sign-in');
  await expect(page.getByRole('heading', { name: 'Inicia sesión en Tramite' })).toBeVisible();
});

test.describe('for a browser that prefers Spanish', () => {
  test.use({ locale: 'es-ES' });

  test('the sign-in page is in Spanish before any choice is made, and English can be chosen', async ({ page }) => {
    await page.goto('/sign-in');
    await expect(page.getByRole('heading', { name: 'Inicia sesión en Tramite' })).toBeVisible();
    await expect(page.getByLabel('Correo electrónico')).toBeVisible();

    await page.getByLabel('Idioma').selectOption('en');
    await expect(page.getByRole('heading', { name: 'Sign in to Tramite' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Sign in to Tramite' })).toBeVisible();
  });
});
