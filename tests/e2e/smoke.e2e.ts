import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from './fixtures';

/**
 * `npm run smoke` against the E2E server, as a deploy's last step runs it:
 * health, sign-in through next-auth, an upload into the account's own
 * workspace, the document followed to Ready. A new account (signed up in the
 * page) keeps it apart from every other test.
 */
test('npm run smoke signs in, uploads a file and sees it become Ready', async ({ page, signedIn, baseURL }) => {
  test.setTimeout(90_000);
  const root = path.resolve(import.meta.dirname, '../..');
  const args = ['--import', 'tsx', 'scripts/smoke.ts', '--url', baseURL!, '--email', signedIn.email, '--password', signedIn.password, '--tenant', signedIn.slug];
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: root, timeout: 80_000 });
  const steps = stdout.split('\n').filter((line) => /^(ok|FAIL) /.test(line)).map((line) => line.split(/\s+/).slice(0, 2).join(' '));
  expect(steps).toEqual(['ok health', 'ok sign-in', 'ok workspace', 'ok upload', 'ok ready']);
  // The statuses it followed end at ready (it may be ready already at the first look).
  expect(stdout).toMatch(/^ok\s+ready\s+\d+ ms\s+(\w+ → )*ready\s*$/m);
  expect(stdout).toContain('The smoke check passed.');

  // The person sees the file the smoke check uploaded in their workspace.
  await page.goto(`/t/${signedIn.slug}/documents`);
  await expect(page.getByText(/^smoke-.+\.txt$/)).toBeVisible();
});
