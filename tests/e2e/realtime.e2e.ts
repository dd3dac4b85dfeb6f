import type { APIRequestContext, Page, WebSocketRoute } from '@playwright/test';
import { expect, newAccount, signUp, test, type Account } from './fixtures';

/** The JSON a tRPC query answers for the workspace `slug`, through the page's session. */
async function query<T>(request: APIRequestContext, slug: string, path: string): Promise<T> {
  const response = await request.get(`/api/trpc/${path}`, { headers: { 'x-tenant': slug } });
  expect(response.status()).toBe(200);
  return (await response.json()).result.data.json as T;
}

/** The owner invites `member` (signed in on `memberPage`), who accepts through the invitation page. */
async function joinWorkspace(ownerPage: Page, slug: string, memberPage: Page, member: Account): Promise<void> {
  const invite = await ownerPage.request.post('/api/trpc/members.invite', { data: { json: { email: member.email, role: 'member' } }, headers: { 'x-tenant': slug } });
  expect(invite.status()).toBe(200);
  const link = new URL((await invite.json()).result.data.json.link as string);
  await memberPage.goto(link.pathname);
  await memberPage.getByRole('button', { name: 'Accept invitation' }).click();
  await memberPage.waitForURL(`/t/${slug}/documents`);
}

/** Every realtime frame the page receives, as text. */
function recordFrames(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (socket) => socket.on('framereceived', (frame) => frames.push(String(frame.payload))));
  return frames;
}

/** Waits until the page's socket is connected and both of its channels are subscribed. */
async function expectLive(page: Page): Promise<void> {
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'live');
}

/** What pusher-js does to join a channel: POST the socket id and channel name to the auth endpoint with the session cookie. */
function authorizeFromPage(page: Page, channelName: string): Promise<number> {
  return page.evaluate(async (channel) => {
    const response = await fetch('/api/realtime/auth', { method: 'POST', body: new URLSearchParams({ socket_id: '123456.7890123', channel_name: channel }) });
    return response.status;
  }, channelName);
}

const bell = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

test('an upload moves live to Ready for both members and notifies the uploader; another workspace hears nothing', async ({ page, browser }) => {
  test.setTimeout(90_000);
  const [memberContext, outsiderContext] = await Promise.all([browser.newContext(), browser.newContext()]);
  const [memberPage, outsiderPage] = await Promise.all([memberContext.newPage(), outsiderContext.newPage()]);
  const [uploaderFrames, memberFrames, outsiderFrames] = [recordFrames(page), recordFrames(memberPage), recordFrames(outsiderPage)];
  const member = newAccount('Member');
  const [slug] = await Promise.all([signUp(page, newAccount('Uploader')), signUp(memberPage, member), signUp(outsiderPage, newAccount('Outsider'))]);
  await joinWorkspace(page, slug, memberPage, member);
  await Promise.all([expectLive(page), expectLive(memberPage), expectLive(outsiderPage)]);
  const { id: tenantId } = await query<{ id: string }>(page.request, slug, 'tenants.current');

  await page.getByLabel('Choose files').setInputFiles([{ name: 'minutes.txt', mimeType: 'text/plain', buffer: Buffer.from('Minutes of the live meeting.\n') }]);

  // No reload anywhere: both members' lists follow the workflow to its end.
  await expect(page.getByRole('table', { name: 'Documents' }).getByRole('row', { name: /minutes\.txt.*Ready/ })).toBeVisible({ timeout: 20_000 });
  await expect(memberPage.getByRole('table', { name: 'Documents' }).getByRole('row', { name: /minutes\.txt.*Ready/ })).toBeVisible({ timeout: 20_000 });

  // The uploader is told, by a toast and on the bell; the other member is not.
  const toasts = page.getByRole('region', { name: 'New notifications' });
  await expect(toasts.getByRole('link', { name: '“minutes.txt” is ready' })).toBeVisible();
  await expect(bell(page, 'Notifications, 1 unread')).toBeVisible();
  await toasts.getByRole('button', { name: 'Dismiss “minutes.txt” is ready' }).click();
  await expect(toasts.getByRole('link')).toHaveCount(0);
  expect(uploaderFrames.some((frame) => frame.includes('notification.created'))).toBe(true);

  await expect(bell(memberPage, 'Notifications')).toBeVisible();
  await expect(memberPage.getByRole('region', { name: 'New notifications' }).getByRole('link')).toHaveCount(0);
  expect(memberFrames.some((frame) => frame.includes('document.changed'))).toBe(true);
  expect(memberFrames.some((frame) => frame.includes('notification.created'))).toBe(false);

  // The other workspace's user: no row, no count, no toast, and not one frame about the first workspace.
  await expect(outsiderPage.getByText('No documents yet')).toBeVisible();
  await expect(bell(outsiderPage, 'Notifications')).toBeVisible();
  await expect(outsiderPage.getByRole('region', { name: 'New notifications' }).getByRole('link')).toHaveCount(0);
  expect(outsiderFrames.filter((frame) => /document\.changed|notification\.created|minutes\.txt/.test(frame) || frame.includes(tenantId))).toEqual([]);
  await expectLive(outsiderPage);

  await Promise.all([memberContext.close(), outsiderContext.close()]);
});

test("a workspace's channel is refused to a non-member, and a user's channel to everyone but that user", async ({ page, browser, signedIn }) => {
  test.setTimeout(90_000);
  const { id: tenantId } = await query<{ id: string }>(page.request, signedIn.slug, 'tenants.current');
  const [owner] = await query<{ userId: string }[]>(page.request, signedIn.slug, 'members.list');
  const memberContext = await browser.newContext();
  const outsiderContext = await browser.newContext();
  const [memberPage, outsiderPage] = await Promise.all([memberContext.newPage(), outsiderContext.newPage()]);
  const member = newAccount('Member');
  const [, outsiderSlug] = await Promise.all([signUp(memberPage, member), signUp(outsiderPage, newAccount('Outsider'))]);
  await joinWorkspace(page, signedIn.slug, memberPage, member);
  const { id: outsiderTenantId } = await query<{ id: string }>(outsiderPage.request, outsiderSlug, 'tenants.current');
  const [outsider] = await query<{ userId: string }[]>(outsiderPage.request, outsiderSlug, 'members.list');
  const memberId = (await query<{ userId: string; email: string }[]>(page.request, signedIn.slug, 'members.list')).find((m) => m.email === member.email)!.userId;

  expect(await authorizeFromPage(outsiderPage, `private-tenant-${tenantId}`)).toBe(403);
  expect(await authorizeFromPage(outsiderPage, `private-user-${owner!.userId}`)).toBe(403);
  expect(await authorizeFromPage(outsiderPage, `private-tenant-${outsiderTenantId}`)).toBe(200);
  expect(await authorizeFromPage(outsiderPage, `private-user-${outsider!.userId}`)).toBe(200);

  expect(await authorizeFromPage(memberPage, `private-tenant-${tenantId}`)).toBe(200);
  expect(await authorizeFromPage(memberPage, `private-user-${memberId}`)).toBe(200);
  expect(await authorizeFromPage(memberPage, `private-user-${owner!.userId}`)).toBe(403);

  await Promise.all([memberContext.close(), outsiderContext.close()]);
});

test('a page that was never live says nothing while it connects: "Reconnecting…" is for a page that lost its live connection', async ({ page, signedIn }) => {
  void signedIn;
  // Every state the live indicator passes through, from the first paint on.
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { liveStates: seen });
    new MutationObserver(() => {
      const state = document.querySelector('[data-testid="live-status"]')?.getAttribute('data-state');
      if (state && seen.at(-1) !== state) seen.push(state);
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
  });
  await page.reload();
  await expectLive(page);
  const states = await page.evaluate(() => (window as unknown as { liveStates: string[] }).liveStates);
  expect(states.at(-1)).toBe('live');
  expect(states).not.toContain('reconnecting');
});

test('a page whose socket dropped fetches what it missed when the socket reconnects', async ({ page }) => {
  test.setTimeout(60_000);
  // Chromium's offline emulation leaves open WebSockets working (Playwright issue 4910), so the socket is cut
  // here, and its reconnection attempts refused, while HTTP keeps working (as when only the realtime server restarts).
  let outage = false;
  const sockets = new Set<WebSocketRoute>();
  await page.routeWebSocket(
    (url) => url.pathname.startsWith('/app/'),
    (socket) => {
      if (outage) return void socket.close();
      sockets.add(socket);
      socket.connectToServer();
    },
  );
  const slug = await signUp(page, newAccount('Offline'));
  await expectLive(page);

  outage = true;
  await Promise.all([...sockets].map((socket) => socket.close()));
  await expect(page.getByTestId('live-status')).toHaveText('Reconnecting…');

  const upload = await page.request.post('/api/uploads', {
    headers: { 'x-tenant': slug },
    multipart: { file: { name: 'while-away.txt', mimeType: 'text/plain', buffer: Buffer.from('Written while the page was not listening.\n') } },
  });
  expect(upload.status()).toBe(201);
  // The workflow ends (its notification is the last thing it does) while the page hears nothing.
  await expect.poll(async () => (await query<{ unread: number }>(page.request, slug, 'notifications.counts')).unread, { timeout: 20_000 }).toBe(1);
  await expect(page.getByText('No documents yet')).toBeVisible();
  await expect(bell(page, 'Notifications')).toBeVisible();

  // The network is back: the browser says so, and pusher-js retries at once rather than after its connection timeout.
  outage = false;
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await expectLive(page);
  await expect(page.getByRole('table', { name: 'Documents' }).getByRole('row', { name: /while-away\.txt.*Ready/ })).toBeVisible();
  await expect(bell(page, 'Notifications, 1 unread')).toBeVisible();
});

test('the bell lists notifications a page at a time; following one marks it read; the notifications page filters unread and marks all read', async ({ page, signedIn }) => {
  test.setTimeout(60_000);
  await expectLive(page);
  const names = ['one', 'two', 'three', 'four', 'five', 'six'].map((word) => `${word}.txt`);
  for (const name of names) {
    const upload = await page.request.post('/api/uploads', {
      headers: { 'x-tenant': signedIn.slug },
      multipart: { file: { name, mimeType: 'text/plain', buffer: Buffer.from(`The ${name} file.\n`) } },
    });
    expect(upload.status()).toBe(201);
  }
  await expect(bell(page, 'Notifications, 6 unread')).toBeVisible({ timeout: 30_000 });

  await bell(page, 'Notifications, 6 unread').click();
  const panel = page.getByRole('dialog', { name: 'Notifications' });
  const items = panel.getByRole('list', { name: 'Notifications' }).getByRole('listitem');
  await expect(items).toHaveCount(5);
  await panel.getByRole('button', { name: 'Load more' }).click();
  await expect(items).toHaveCount(6);
  await expect.poll(async () => (await query<{ unseen: number }>(page.request, signedIn.slug, 'notifications.counts')).unseen).toBe(0);

  const newest = (await items.first().getByRole('link').textContent())!;
  await items.first().getByRole('link').click();
  await page.waitForURL(new RegExp(`/t/${signedIn.slug}/documents/[0-9a-f-]{36}$`));
  await expect(page.getByRole('heading', { level: 1, name: newest.match(/“(.+)”/)![1] })).toBeVisible();
  await expect(panel).toHaveCount(0);
  await expect(bell(page, 'Notifications, 5 unread')).toBeVisible();

  await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Notifications' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
  const list = page.getByRole('main').getByRole('list', { name: 'Notifications' }).getByRole('listitem');
  await expect(list).toHaveCount(6);
  await page.getByLabel('Unread only').check();
  await expect(list).toHaveCount(5);
  await expect(list.filter({ hasText: newest })).toHaveCount(0);

  const [second] = await list.first().getByRole('link').allTextContents();
  await page.getByRole('button', { name: `Mark ${second} as read` }).click();
  await expect(list).toHaveCount(4);
  await expect(bell(page, 'Notifications, 4 unread')).toBeVisible();

  await page.getByRole('main').getByRole('button', { name: 'Mark all as read' }).click();
  await expect(page.getByText('No unread notifications.')).toBeVisible();
  await expect(bell(page, 'Notifications')).toBeVisible();
  await page.getByLabel('Unread only').uncheck();
  await expect(list).toHaveCount(6);
});
