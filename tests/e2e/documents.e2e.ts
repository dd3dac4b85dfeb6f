import { docxWithParagraphs, encryptedPdf, pdfWithPages } from '@/tests/fixtures/documents/makeFixtures';
import { expect, test } from './fixtures';

test('uploaded files each show progress, a readable one becomes Ready and is found by search', async ({ page, signedIn }) => {
  const pdf = await pdfWithPages(['Quarterly report on river water quality', 'The samples from the northern station were clean']);
  await expect(page.getByLabel('Choose files')).toHaveAttribute('accept', /\.pdf,.*\.docx/);
  await page.getByLabel('Choose files').setInputFiles([
    { name: 'report.pdf', mimeType: 'application/pdf', buffer: pdf },
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Meeting notes: the river samples arrive on Monday.\n') },
  ]);
  const uploads = page.getByRole('list', { name: 'Uploads' });
  await expect(uploads.getByText('Uploaded')).toHaveCount(2);
  await expect(page.getByRole('progressbar', { name: 'Upload progress of report.pdf' })).toHaveAttribute('value', '100');
  // Each uploaded row leads to its document.
  await expect(uploads.getByRole('link', { name: 'notes.txt' })).toHaveAttribute('href', new RegExp(`^/t/${signedIn.slug}/documents/[0-9a-f-]{36}$`));

  const table = page.getByRole('table', { name: 'Documents' });
  // The list refreshes itself while documents move through the workflow: no reload.
  await expect(table.getByRole('row', { name: /report\.pdf.*Ready/ })).toBeVisible({ timeout: 20_000 });
  await expect(table.getByRole('row', { name: /notes\.txt.*Ready/ })).toBeVisible({ timeout: 20_000 });

  await table.getByRole('link', { name: 'report.pdf' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'report.pdf' })).toBeVisible();
  await expect(page.getByText('Pages').locator('..')).toContainText('2');
  await expect(page.getByText('The index step finished in')).toBeVisible();

  await page.goto(`/t/${signedIn.slug}/search?query=${encodeURIComponent('"river water" -monday')}`);
  const results = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'report.pdf' }) });
  await expect(results).toHaveCount(1);
  await expect(results.locator('mark').first()).toHaveText(/river/i);
  await expect(page.getByRole('link', { name: 'notes.txt' })).toHaveCount(0);

  // A page past the last one (an old bookmark) shows the last one instead of an empty "Page 99 of 1".
  await page.goto(`/t/${signedIn.slug}/search?query=${encodeURIComponent('"river water" -monday')}&page=99`);
  await expect(page).toHaveURL(/[?&]page=1(&|$)/);
  await expect(results).toHaveCount(1);
});

test('a file of a refused type is reported on its row and never listed', async ({ page, signedIn }) => {
  await expect(page).toHaveURL(`/t/${signedIn.slug}/documents`);
  await page.getByLabel('Choose files').setInputFiles([{ name: 'photo.txt', mimeType: 'text/plain', buffer: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]) }]);
  await expect(page.getByRole('alert').filter({ hasText: 'This type of file is not supported' })).toBeVisible();
  await expect(page.getByText('No documents yet')).toBeVisible();
});

test('an encrypted PDF fails at the process step at once, with a reason in words, and asks for a new upload rather than a resume', async ({ page, signedIn }) => {
  await expect(page).toHaveURL(`/t/${signedIn.slug}/documents`);
  await page.getByLabel('Choose files').setInputFiles([{ name: 'locked.pdf', mimeType: 'application/pdf', buffer: encryptedPdf({ userPassword: 'secret' }) }]);
  const row = page.getByRole('table', { name: 'Documents' }).getByRole('row', { name: /locked\.pdf/ });
  await expect(row).toContainText('Failed', { timeout: 20_000 });
  await expect(row.getByRole('button', { name: 'Resume locked.pdf' })).toHaveCount(0);
  await row.getByRole('link', { name: 'locked.pdf' }).click();
  await expect(page.getByText(/Failed at the process step: .*password/i)).toBeVisible();
  // The timeline gives the reason in words, not its message key.
  await expect(page.getByText('The process step failed on attempt 1 and will not be retried: This PDF is protected with a password')).toBeVisible();
  await expect(page.getByText('documents.reasons.pdfEncrypted')).toHaveCount(0);
  // The same bytes would fail the same way: no Resume, and the reason says to upload it again.
  await expect(page.getByText('The workflow failed before the text was extracted.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Resume locked.pdf' })).toHaveCount(0);
});

test('a DOCX and a PDF both become Ready; the DOCX shows its text preview and the PDF downloads as an attachment', async ({ page, signedIn }) => {
  await expect(page).toHaveURL(`/t/${signedIn.slug}/documents`);
  const docx = await docxWithParagraphs(['Minutes of the harbour committee.', 'The lighthouse keeper reported <b>no</b> incidents.']);
  const pdf = await pdfWithPages(['Tide tables for the harbour, spring edition']);
  await page.getByLabel('Choose files').setInputFiles([
    { name: 'minutes.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: docx },
    { name: 'tides.pdf', mimeType: 'application/pdf', buffer: pdf },
  ]);
  const table = page.getByRole('table', { name: 'Documents' });
  await expect(table.getByRole('row', { name: /minutes\.docx.*Ready/ })).toBeVisible({ timeout: 20_000 });
  await expect(table.getByRole('row', { name: /tides\.pdf.*Ready/ })).toBeVisible({ timeout: 20_000 });

  await table.getByRole('link', { name: 'minutes.docx' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'minutes.docx' })).toBeVisible();
  const preview = page.getByTestId('text-preview');
  await expect(page.getByRole('heading', { name: 'Text preview' })).toBeVisible();
  await expect(preview).toContainText('Minutes of the harbour committee.');
  // Markup in the file's text is shown as text, never rendered.
  await expect(preview).toContainText('<b>no</b>');
  await expect(preview.locator('b')).toHaveCount(0);

  await page.getByRole('link', { name: 'All documents' }).click();
  await table.getByRole('link', { name: 'tides.pdf' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'tides.pdf' })).toBeVisible();
  const href = await page.getByRole('link', { name: 'Download' }).getAttribute('href');
  const response = await page.request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-disposition']).toMatch(/^attachment;.*tides\.pdf/);
  expect(response.headers()['x-content-type-options']).toBe('nosniff');
  expect(Buffer.compare(await response.body(), pdf)).toBe(0);
});
