import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { callerFor, newUser } from '@/tests/support/callers';
import { ownerQuery } from '@/tests/support/ownerQuery';

type Received = { to: string; raw: string };

/** A real SMTP server on a free loopback port; `refuse` makes it reject every recipient. */
let refuse = false;
let waiting: ((message: Received) => void)[] = [];
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onRcptTo(address, _session, callback) {
    callback(refuse ? Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }) : undefined);
  },
  onData(stream, session, callback) {
    let raw = '';
    stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    stream.on('end', () => {
      waiting.shift()?.({ to: session.envelope.rcptTo[0]!.address, raw });
      callback();
    });
  },
});
const nextMessage = () => new Promise<Received>((resolve) => waiting.push(resolve));

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.SMTP_URL = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
});
afterEach(() => {
  refuse = false;
  waiting = [];
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  await new Promise<void>((resolve) => server.close(resolve));
});

describe('invitation email, when SMTP is configured', () => {
  it('sends the link to the invitee instead of showing it, and the emailed link works', async () => {
    const owner = await newUser('Owner');
    const guest = await newUser('Guest');
    const received = nextMessage();
    const answer = await callerFor(owner.user, owner.slug, 'es').members.invite({ email: guest.user.email, role: 'member' });
    expect(answer).toMatchObject({ link: null, emailedTo: guest.user.email });

    const message = await received;
    expect(message.to).toBe(guest.user.email);
    expect(message.raw).toMatch(/Subject: .*te ha invitado/);
    const token = message.raw.replace(/=\r?\n/g, '').match(/\/invitations\/(inv_[A-Za-z0-9_-]+)/)![1]!;
    await expect(callerFor(guest.user).invitations.accept({ token })).resolves.toMatchObject({ slug: owner.slug, role: 'member' });
  });

  it('keeps no invitation when the mail server refuses it, and says so', async () => {
    const owner = await newUser('Owner');
    refuse = true;
    const error = await callerFor(owner.user, owner.slug).members.invite({ email: 'nobody@example.com', role: 'viewer' }).catch((e) => e);
    expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: 'members.inviteEmailFailed' });
    expect(await ownerQuery('select 1 from invitations where tenant_id = $1', [owner.tenantId])).toHaveLength(0);
  });
});
