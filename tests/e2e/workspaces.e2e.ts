import { expect, newAccount, signUp, test, workspaceSlugOf } from './fixtures';

test('a user creates a second workspace and switches between workspaces with the switcher', async ({ page, signedIn }) => {
  const secondName = `Second team ${signedIn.slug.slice(-8)}`;
  await page.getByRole('button', { name: `Workspace: ${signedIn.name}` }).click();
  await page.getByRole('link', { name: 'Create workspace' }).click();
  await page.waitForURL('/workspaces/new');
  await page.getByLabel('Workspace name').fill(secondName);
  await page.getByRole('button', { name: 'Create workspace' }).click();

  await page.waitForURL(/\/t\/[^/]+\/documents$/);
  const secondSlug = workspaceSlugOf(page.url());
  expect(secondSlug).not.toBe(signedIn.slug);
  await expect(page.getByRole('heading', { level: 1, name: 'Documents' })).toBeVisible();
  const switcher = page.getByRole('button', { name: /^Workspace: / });
  await expect(switcher).toHaveAccessibleName(`Workspace: ${secondName}`);

  await switcher.click();
  await expect(switcher).toHaveAttribute('aria-expanded', 'true');
  const list = page.getByRole('list').filter({ has: page.getByRole('link', { name: secondName }) });
  await expect(list.getByRole('link')).toHaveText([`${signedIn.name}Owner`, `${secondName}Owner`]);
  await expect(list.getByRole('link', { name: secondName })).toHaveAttribute('aria-current', 'page');

  await list.getByRole('link', { name: signedIn.name }).click();
  await page.waitForURL(`/t/${signedIn.slug}/documents`);
  await expect(switcher).toHaveAccessibleName(`Workspace: ${signedIn.name}`);

  await switcher.click();
  await page.getByRole('link', { name: secondName }).click();
  await page.waitForURL(`/t/${secondSlug}/documents`);
  await expect(switcher).toHaveAccessibleName(`Workspace: ${secondName}`);
});

test('a workspace name that is too short is reported on its field and no workspace is created', async ({ page, signedIn }) => {
  await page.goto('/workspaces/new');
  await page.getByLabel('Workspace name').fill('x');
  await page.getByRole('button', { name: 'Create workspace' }).click();

  const name = page.getByLabel('Workspace name');
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toHaveAccessibleDescription('Use at least 2 characters.');
  await expect(name).toHaveValue('x');
  await expect(page).toHaveURL('/workspaces/new');

  await page.goto(`/t/${signedIn.slug}/documents`);
  await page.getByRole('button', { name: `Workspace: ${signedIn.name}` }).click();
  const list = page.getByRole('list').filter({ has: page.getByRole('link', { name: signedIn.name }) });
  await expect(list.getByRole('link')).toHaveText([`${signedIn.name}Owner`]);
});

test("a user cannot open another user's workspace: the page and the API answer 404", async ({ browser, page, signedIn }) => {
  const ownerContext = await browser.newContext();
  const ownerPage = await ownerContext.newPage();
  const owner = newAccount('Owner');
  const ownerSlug = await signUp(ownerPage, owner);
  await ownerContext.close();

  const response = await page.goto(`/t/${ownerSlug}/documents`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expect(page.getByText(owner.name)).toHaveCount(0);

  const api = await page.request.get('/api/trpc/tenants.current', { headers: { 'x-tenant': ownerSlug } });
  expect(api.status()).toBe(404);
  const own = await page.request.get('/api/trpc/tenants.current', { headers: { 'x-tenant': signedIn.slug } });
  expect(own.status()).toBe(200);
  expect((await own.json()).result.data.json).toMatchObject({ slug: signedIn.slug, role: 'owner' });
});

test("a workspace's only owner is told to make another owner first, rather than offered a Leave that fails", async ({ page, signedIn }) => {
  await page.goto(`/t/${signedIn.slug}/settings/members`);
  const leave = page.getByRole('region', { name: 'Leave workspace' });
  await expect(leave).toContainText('A workspace needs at least one owner. Make someone else an owner first.');
  await expect(leave.getByRole('button', { name: 'Leave workspace' })).toHaveCount(0);
});

test('an invited person without an account signs up from the link with the invited address filled in, and joins', async ({ browser, page, signedIn }) => {
  const guest = newAccount('Guest');
  await page.goto(`/t/${signedIn.slug}/settings/members`);
  const invite = page.getByRole('region', { name: 'Invite a member' });
  await invite.getByLabel('Email').fill(guest.email);
  await invite.getByRole('button', { name: 'Create invitation' }).click();
  const link = await page.getByLabel('Invitation link').inputValue();

  const guestContext = await browser.newContext();
  const guestPage = await guestContext.newPage();
  await guestPage.goto(link);
  await guestPage.getByRole('link', { name: 'Create an account to accept' }).click();
  await expect(guestPage.getByLabel('Email', { exact: true })).toHaveValue(guest.email);
  await guestPage.getByLabel('Name', { exact: true }).fill(guest.name);
  await guestPage.getByLabel('Password', { exact: true }).fill(guest.password);
  await guestPage.getByRole('button', { name: 'Create account' }).click();
  await guestPage.getByRole('button', { name: 'Accept invitation' }).click();
  await guestPage.waitForURL(`/t/${signedIn.slug}/documents`);
  await guestContext.close();
});
