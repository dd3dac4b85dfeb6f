/**
 * The workflow's last step (notify, handler OnReady) and the uploader told of
 * a failure (NotifyUploaderOfFailure), on real Postgres and pg-boss with the
 * embedded realtime server and, where SMTP is configured, a real local SMTP
 * server: one notification per finished workflow, a live message on the
 * uploader's channel, an email in the uploader's language, and a delivery
 * that fails recorded as NotificationFailed while the document stays Ready.
 */
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Pusher from 'pusher-js';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '@/scripts/start/checks';
import { startLiveServer, pusherAs, collect, subscription } from '@/tests/support/liveRealtime';

// Configured before anything reads the configuration: this file's blobs, and the app publishing to this server.
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), 'tramite-workflow-notify-'));
const server = await startLiveServer();

const { startEventHandlerWorkers } = await import('@/server/events');
const { getBoss, stopBoss } = await import('@/server/jobs');
const { getDocument } = await import('@/server/documents');
const { liveEvents, userChannel } = await import('@/server/realtime');
const { callerFor, newUser } = await import('@/tests/support/callers');
const { uploadAs, stepName, workflowEnded } = await import('@/tests/support/documentUploads');
const { encryptedPdf } = await import('@/tests/fixtures/documents/makeFixtures');
const { ownerQuery } = await import('@/tests/support/ownerQuery');
const { waitFor } = await import('@/tests/support/waitFor');
const { disconnect } = await import('@/tests/realtime/support');

type Person = Awaited<ReturnType<typeof newUser>>;
const clients: Pusher[] = [];

beforeAll(async () => {
  await startEventHandlerWorkers(await getBoss());
});
afterAll(async () => {
  await stopBoss(5_000);
  await Promise.all(clients.map(disconnect));
  await server.close();
});

const notificationsOf = (person: Person) =>
  ownerQuery<{ id: string; type: string; params: Record<string, string> }>('select id, type, params from notifications where recipient_id = $1 order by created_at', [person.user.id]);
const as = (person: Person) => ({ tenantId: person.tenantId, userId: person.user.id });
const text = (content: string) => Buffer.from(`${content}\n`);

describe('the notify step', () => {
  it('tells the uploader once their document is Ready: one document.ready notification, announced on their own channel', async () => {
    const uploader = await newUser('Uploader');
    const pusher = pusherAs(server.port, uploader.user.id);
    clients.push(pusher);
    const channel = pusher.subscribe(userChannel(uploader.user.id));
    const live = collect<{ id: string }>(channel, liveEvents.notificationCreated);
    expect(await subscription(channel)).toEqual({ joined: true });

    const { documentId } = await uploadAs(as(uploader), text('Field notes on the otter survey.'), 'txt', 'otters.txt');
    const history = (await workflowEnded(uploader.tenantId, documentId)).map(stepName);
    expect(history.slice(-3)).toEqual(['DocumentReady', 'WorkflowStepStarted:notify', 'WorkflowStepCompleted:notify']);
    expect(history).not.toContain('NotificationFailed');
    expect(await getDocument(uploader.tenantId, documentId)).toMatchObject({ status: 'ready', currentStep: null });

    const rows = await notificationsOf(uploader);
    expect(rows).toEqual([{ id: expect.any(String), type: 'document.ready', params: { documentId, fileName: 'otters.txt' } }]);
    await live.until((message) => message.id === rows[0]!.id, 'for the notification');
    const [item] = (await callerFor(uploader.user, uploader.slug).notifications.list()).items;
    expect(item).toMatchObject({ title: '“otters.txt” is ready', link: `/documents/${documentId}`, readAt: null });
  });

  it('skips the notify step of a document uploaded by a program (no person uploaded it): recorded with the reason, never enqueued, no one told', async () => {
    const owner = await newUser('Owner');
    const { documentId } = await uploadAs({ tenantId: owner.tenantId, userId: null }, text('Uploaded by a script.'), 'txt');
    const history = await workflowEnded(owner.tenantId, documentId);
    expect(history.map(stepName).slice(-3)).toEqual(['WorkflowStepCompleted:index', 'DocumentReady', 'WorkflowStepSkipped:notify']);
    expect(history.at(-1)!.data).toEqual({ workflow: 'document', subjectId: documentId, step: 'notify', reason: 'noPersonToNotify' });
    // Appended with DocumentReady, in the index step's transaction: no job for the notify step was ever written.
    expect(history.at(-1)!.transactionId).toBe(history.find((event) => event.type === 'DocumentReady')!.transactionId);
    const ready = history.find((event) => event.type === 'DocumentReady')!;
    expect(await (await getBoss()).findJobs('event-handler.OnReady', { data: { eventId: ready.eventId } })).toEqual([]);
    expect(await getDocument(owner.tenantId, documentId)).toMatchObject({ status: 'ready', currentStep: null });
    expect(await ownerQuery('select 1 from notifications where tenant_id = $1', [owner.tenantId])).toEqual([]);
  });

  it('tells the uploader once of a document that failed for good, with the step and the reason in their language', async () => {
    const uploader = await newUser('Unlucky');
    const { documentId } = await uploadAs(as(uploader), encryptedPdf({ userPassword: 'secret', text: 'Locked contents: lynx.' }), 'pdf', 'locked.pdf');
    const history = (await workflowEnded(uploader.tenantId, documentId)).map(stepName);
    expect(history.slice(-2)).toEqual(['WorkflowStepFailed:process', 'DocumentProcessingFailed:process']);
    expect(history).not.toContain('WorkflowStepStarted:notify');

    // Told by its own handler once the failure is recorded; its job done, there is exactly one.
    const boss = await getBoss();
    await waitFor(async () => {
      const jobs = await boss.findJobs('event-handler.NotifyUploaderOfFailure', { data: { tenantId: uploader.tenantId } });
      return jobs.length === 1 && jobs[0]!.state === 'completed' ? true : undefined;
    }, 'the failure handler to complete');
    expect(await notificationsOf(uploader)).toEqual([
      { id: expect.any(String), type: 'document.failed', params: { documentId, fileName: 'locked.pdf', step: 'process', reason: 'documents.reasons.pdfEncrypted', resumable: 'no' } },
    ]);
    const [item] = (await callerFor(uploader.user, uploader.slug, 'es').notifications.list()).items;
    // The same bytes would fail again: the message asks for a new upload and does not point to Resume.
    expect(item).toMatchObject({ title: '«locked.pdf» falló en el paso procesamiento', body: expect.stringMatching(/^Este PDF está protegido con contraseña.*vuelve a subirlo\.$/) });
  });
});

describe('the notification by email, when SMTP is configured', () => {
  type Received = { to: string; subject: string; body: string };
  let waiting: ((message: Received) => void)[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        waiting.shift()?.({ to: session.envelope.rcptTo[0]!.address, ...decodeMessage(Buffer.concat(chunks).toString('utf8')) });
        callback();
      });
    },
  });
  const nextMessage = () => new Promise<Received>((resolve) => waiting.push(resolve));

  beforeAll(() => new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve)));
  afterEach(() => {
    delete process.env.SMTP_URL;
    waiting = [];
  });
  afterAll(() => new Promise<void>((resolve) => smtp.close(resolve)));

  it("emails the uploader in their language, with the link to the document", async () => {
    process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
    const uploader = await newUser('Lectora');
    await ownerQuery(`update users set locale = 'es' where id = $1`, [uploader.user.id]);
    const received = nextMessage();
    const { documentId } = await uploadAs(as(uploader), text('Acta de la reunión sobre el censo de garzas.'), 'txt', 'acta.txt');

    const message = await received;
    expect(message.to).toBe(uploader.user.email);
    expect(message.subject).toBe('«acta.txt» está listo');
    expect(message.body).toContain('acta.txt se procesó e indexó; ya puedes buscarlo.');
    expect(message.body).toContain(`/t/${uploader.slug}/documents/${documentId}`);
    expect((await workflowEnded(uploader.tenantId, documentId)).map(stepName)).not.toContain('NotificationFailed');
  });

  it('records NotificationFailed (email) when the mail server cannot be reached; the document is Ready and its notification stored', async () => {
    process.env.SMTP_URL = `smtp://127.0.0.1:${await findFreePort()}`;
    const uploader = await newUser('Unreachable');
    const { documentId } = await uploadAs(as(uploader), text('Nobody will get an email about this.'), 'txt');
    const failure = await waitFor(async () => {
      const history = await workflowEnded(uploader.tenantId, documentId);
      return history.find((event) => event.type === 'NotificationFailed');
    }, 'NotificationFailed in the document stream');
    expect(failure.data).toMatchObject({ documentId, channel: 'email', reason: expect.stringMatching(/ECONNREFUSED/) });
    const history = (await workflowEnded(uploader.tenantId, documentId)).map(stepName);
    expect(history.filter((type) => type === 'NotificationFailed')).toEqual(['NotificationFailed']);
    expect(await getDocument(uploader.tenantId, documentId)).toMatchObject({ status: 'ready' });
    expect(await notificationsOf(uploader)).toHaveLength(1);
  });
});

/** The subject and text of a single-part message as nodemailer writes it (encoded words; quoted-printable or base64 body). */
function decodeMessage(raw: string): { subject: string; body: string } {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = head.replace(/\r?\n[ \t]+/g, ' ');
  const subject = (/^Subject: (.*)$/m.exec(headers)?.[1] ?? '')
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, encoding: string, word: string) =>
      encoding.toUpperCase() === 'B' ? Buffer.from(word, 'base64').toString('utf8') : quotedPrintable(word.replace(/_/g, ' ')),
    );
  const content = rest.join('\n\n');
  const transfer = /^Content-Transfer-Encoding: (\S+)/im.exec(headers)?.[1]?.toLowerCase();
  const body = transfer === 'base64' ? Buffer.from(content, 'base64').toString('utf8') : transfer === 'quoted-printable' ? quotedPrintable(content.replace(/=\r?\n/g, '')) : content;
  return { subject, body };
}

function quotedPrintable(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}
