import { expect, newAccount, signUp, submitSignIn, test } from './fixtures';

test('signing up lands the new user in their own workspace', async ({ page }) => {
  const account = newAccount('Ada');
  const slug = await signUp(page, account);

  await expect(page).toHaveURL(`/t/${slug}/documents`);
  expect(slug).toMatch(/^ada-[0-9a-f]{8}$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Documents' })).toBeVisible();
  await expect(page.getByRole('button', { name: `Workspace: ${account.name}` })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
});

test('signing out ends the session, and signing in again returns to the workspace', async ({ page, signedIn }) => {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('/sign-in');
  await expect(page.getByRole('heading', { name: 'Sign in to Tramite' })).toBeVisible();

  await page.goto(`/t/${signedIn.slug}/documents`);
  await expect(page).toHaveURL(`/sign-in?callbackUrl=${encodeURIComponent(`/t/${signedIn.slug}/documents`)}`);

  await submitSignIn(page, signedIn.email, signedIn.password);
  await page.waitForURL(`/t/${signedIn.slug}/documents`);
  await expect(page.getByRole('heading', { level: 1, name: 'Documents' })).toBeVisible();
  await expect(page.getByRole('button', { name: `Workspace: ${signedIn.name}` })).toBeVisible();
});

test('a link into the workspace opened signed out (a search, a document from an email) is where signing in lands', async ({ page, signedIn }) => {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('/sign-in');

  const link = `/t/${signedIn.slug}/search?query=river`;
  await page.goto(link);
  await expect(page).toHaveURL(`/sign-in?callbackUrl=${encodeURIComponent(link)}`);
  await submitSignIn(page, signedIn.email, signedIn.password);
  await page.waitForURL(link);
  await expect(page.getByRole('searchbox')).toHaveValue('river');
});

test('a wrong password shows an error and does not sign in', async ({ page, signedIn }) => {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('/sign-in');

  await submitSignIn(page, signedIn.email, `${signedIn.password}-wrong`);
  await expect(page.getByRole('alert').filter({ hasText: 'That email and password do not match an account.' })).toBeVisible();
  await expect(page).toHaveURL('/sign-in');

  await page.goto(`/t/${signedIn.slug}/documents`);
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
});

test('a too-short password is reported on its field and the typed name and email are kept', async ({ page }) => {
  const account = newAccount('Short');
  await page.goto('/sign-up');
  await page.getByLabel('Name', { exact: true }).fill(account.name);
  await page.getByLabel('Email', { exact: true }).fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill('too-short');
  await page.getByRole('button', { name: 'Create account' }).click();

  const password = page.getByLabel('Password', { exact: true });
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(password).toHaveAccessibleDescription(/Use at least 10 characters\./);
  await expect(page.getByRole('alert').filter({ hasText: 'Use at least 10 characters.' })).toBeVisible();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(account.name);
  await expect(page.getByLabel('Email', { exact: true })).toHaveValue(account.email);
  await expect(page.getByLabel('Name', { exact: true })).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL('/sign-up');
});

test('the demo account signs in to the demo workspace', async ({ page }) => {
  await page.goto('/sign-in');
  await submitSignIn(page, 'demo@tramite.local', 'tramite-demo');
  await page.waitForURL('/t/demo/documents');
  await expect(page.getByRole('heading', { level: 1, name: 'Documents' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Workspace: Demo' })).toBeVisible();
});
