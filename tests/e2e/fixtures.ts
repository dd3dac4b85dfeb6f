import { randomUUID } from 'node:crypto';
import { expect, test as base, type Page } from '@playwright/test';

export { expect };

export type Account = { name: string; email: string; password: string };

/** A person nobody has signed up yet, so tests never share a user and can run in any order. */
export function newAccount(prefix = 'Tester'): Account {
  const suffix = randomUUID().slice(0, 8);
  return { name: `${prefix} ${suffix}`, email: `${prefix.toLowerCase()}-${suffix}@example.test`, password: `correct horse ${suffix}` };
}

/** The workspace slug of a `/t/<slug>/…` URL. */
export function workspaceSlugOf(url: string): string {
  const slug = new URL(url).pathname.match(/^\/t\/([^/]+)\//)?.[1];
  if (!slug) throw new Error(`not a workspace URL: ${url}`);
  return slug;
}

/** Signs up through the form and waits for the new workspace's documents page; returns its slug. */
export async function signUp(page: Page, account: Account): Promise<string> {
  await page.goto('/sign-up');
  await page.getByLabel('Name', { exact: true }).fill(account.name);
  await page.getByLabel('Email', { exact: true }).fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(/\/t\/[^/]+\/documents$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Documents' })).toBeVisible();
  return workspaceSlugOf(page.url());
}

/** Fills and submits the sign-in form (the page must show it). */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

type Fixtures = {
  /** A new account, signed up in this test's page, which is left on its workspace's documents page. */
  signedIn: Account & { slug: string };
};

export const test = base.extend<Fixtures>({
  signedIn: async ({ page }, provide) => {
    const account = newAccount();
    const slug = await signUp(page, account);
    await provide({ ...account, slug });
  },
});
