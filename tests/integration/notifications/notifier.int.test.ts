/**
 * The notifier on real Postgres and the embedded realtime server: a
 * notification's params checked by its schema, a row per member recipient
 * (and none for anyone else), `notification.created` on each recipient's own
 * channel once committed; and the read model through the tRPC router — newest
 * first with keyset pages, in the reader's language, counts, read and seen —
 * isolated between people and between workspaces.
 */
import { randomUUID } from 'node:crypto';
import type Pusher from 'pusher-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveServer, pusherAs, collect, subscription } from '@/tests/support/liveRealtime';

const server = await startLiveServer();

const { withTenant } = await import('@/server/db');
const { notify } = await import('@/server/notifications');
const { notifications } = await import('@/server/notifications/schema');
const { documentReadyNotification, documentFailedNotification } = await import('@/server/documents');
const { userChannel, liveEvents, publish } = await import('@/server/realtime');
const { callerFor, callerForToken, newUser } = await import('@/tests/support/callers');
const { addMember } = await import('@/tests/support/workspaceMembers');
const { ownerQuery } = await import('@/tests/support/ownerQuery');
const { disconnect } = await import('@/tests/realtime/support');

type Person = Awaited<ReturnType<typeof newUser>>;
type DeliveryFailure = Parameters<NonNullable<Parameters<typeof notify>[1]['onFailed']>>[0][number];

let alpha: Person; // owner of workspace A
let colleague: Person; // member of A
let viewer: Person; // viewer of A
let beta: Person; // owner of workspace B, member of nothing else
let both: Person; // owner of their own workspace C, member of A and of B
const clients: Pusher[] = [];

beforeAll(async () => {
  [alpha, colleague, viewer, beta, both] = (await Promise.all(['Alpha', 'Colleague', 'Viewer', 'Beta', 'Both'].map((name) => newUser(name)))) as [Person, Person, Person, Person, Person];
  await addMember(alpha.user, alpha.slug, colleague.user, 'member');
  await addMember(alpha.user, alpha.slug, viewer.user, 'viewer');
  await addMember(alpha.user, alpha.slug, both.user, 'member');
  await addMember(beta.user, beta.slug, both.user, 'viewer');
});
afterAll(async () => {
  await Promise.all(clients.map(disconnect));
  await server.close();
});

/** Notifies `recipients` of workspace `tenantId` that a document is ready; resolves once committed and delivered. */
async function documentReady(tenantId: string, recipients: string[], fileName = 'report.pdf') {
  const failures: DeliveryFailure[] = [];
  const params = { documentId: randomUUID(), fileName };
  const { notificationIds } = await withTenant(tenantId, (tx) =>
    notify(tx, { tenantId, recipients, notification: documentReadyNotification, params, onFailed: async (failed) => void failures.push(...failed) }),
  );
  return { notificationIds, failures, params };
}

const rowsOf = (tenantId: string, recipientId: string) =>
  ownerQuery<{ id: string; type: string; params: unknown }>('select id, type, params from notifications where tenant_id = $1 and recipient_id = $2', [tenantId, recipientId]);

/** A pusher-js client of `userId` on their own channel, collecting notification.created. */
async function listening(userId: string) {
  const pusher = pusherAs(server.port, userId);
  clients.push(pusher);
  const channel = pusher.subscribe(userChannel(userId));
  const messages = collect<{ id?: string; fence?: string }>(channel, liveEvents.notificationCreated);
  expect(await subscription(channel)).toEqual({ joined: true });
  return messages;
}

/** A message on `userId`'s channel after everything published so far: once it arrives, nothing earlier is still on its way. */
async function fence(userId: string, messages: Awaited<ReturnType<typeof listening>>) {
  const id = randomUUID();
  await publish([{ channel: userChannel(userId), event: liveEvents.notificationCreated, data: { fence: id } }]);
  await messages.until((m) => m.fence === id, 'fence');
  return messages.received.filter((m) => !m.fence);
}

describe('notify', () => {
  it('refuses params its schema refuses, naming the field, and stores nothing', async () => {
    const attempt = (params: Record<string, string | number>) =>
      withTenant(alpha.tenantId, (tx) =>
        notify(tx, { tenantId: alpha.tenantId, recipients: [alpha.user.id], notification: documentReadyNotification, params: params as { documentId: string; fileName: string } }),
      ).catch((error: unknown) => error);
    expect(await attempt({ documentId: 'not-a-uuid', fileName: 'a.pdf' })).toMatchObject({
      code: 'invalid',
      messageKey: 'errors.notificationParams',
      field: 'documentId',
      params: { type: 'document.ready', field: 'documentId' },
    });
    expect(await attempt({ documentId: randomUUID() })).toMatchObject({ code: 'invalid', field: 'fileName' });
    expect(await attempt({ documentId: randomUUID(), fileName: '' })).toMatchObject({ code: 'invalid', field: 'fileName' });
    expect(await rowsOf(alpha.tenantId, alpha.user.id)).toEqual([]);
  });

  it('stores a row per member recipient and tells each on their own channel, once committed', async () => {
    const [toColleague, toViewer, toAlpha] = await Promise.all([listening(colleague.user.id), listening(viewer.user.id), listening(alpha.user.id)]);
    const { notificationIds, failures, params } = await documentReady(alpha.tenantId, [colleague.user.id, viewer.user.id]);
    expect(failures).toEqual([]);
    expect(notificationIds).toHaveLength(2);
    const [colleagueRow] = await rowsOf(alpha.tenantId, colleague.user.id);
    const [viewerRow] = await rowsOf(alpha.tenantId, viewer.user.id);
    expect(colleagueRow).toEqual({ id: expect.any(String), type: 'document.ready', params });
    expect(viewerRow).toMatchObject({ type: 'document.ready', params });
    expect(notificationIds.sort()).toEqual([colleagueRow!.id, viewerRow!.id].sort());

    expect(await fence(colleague.user.id, toColleague)).toEqual([{ id: colleagueRow!.id }]);
    expect(await fence(viewer.user.id, toViewer)).toEqual([{ id: viewerRow!.id }]);
    // Not a recipient: nothing, though a member of the same workspace.
    expect(await fence(alpha.user.id, toAlpha)).toEqual([]);
    expect(await rowsOf(alpha.tenantId, alpha.user.id)).toEqual([]);
  });

  it('delivers to members only: a recipient outside the workspace gets no row and is reported as a failed database delivery', async () => {
    const toBeta = await listening(beta.user.id);
    const { notificationIds, failures } = await documentReady(alpha.tenantId, [colleague.user.id, beta.user.id]);
    expect(notificationIds).toHaveLength(1);
    expect(failures).toEqual([{ recipientId: beta.user.id, channel: 'database', reason: 'not a member of the workspace' }]);
    expect(await rowsOf(alpha.tenantId, beta.user.id)).toEqual([]);
    expect(await fence(beta.user.id, toBeta)).toEqual([]);
  });

  it('stores one notification for a person named twice among the recipients', async () => {
    const before = (await rowsOf(alpha.tenantId, viewer.user.id)).length;
    const { notificationIds, failures } = await documentReady(alpha.tenantId, [viewer.user.id, viewer.user.id]);
    expect({ notificationIds: notificationIds.length, failures }).toEqual({ notificationIds: 1, failures: [] });
    expect(await rowsOf(alpha.tenantId, viewer.user.id)).toHaveLength(before + 1);
  });

  it('leaves nothing and tells no one when the caller’s transaction rolls back', async () => {
    const toViewer = await listening(viewer.user.id);
    const before = await rowsOf(alpha.tenantId, viewer.user.id);
    const failed = await withTenant(alpha.tenantId, async (tx) => {
      const params = { documentId: randomUUID(), fileName: 'never.pdf' };
      await notify(tx, { tenantId: alpha.tenantId, recipients: [viewer.user.id], notification: documentReadyNotification, params });
      throw new Error('the caller’s work failed');
    }).catch((error: Error) => error.message);
    expect(failed).toBe('the caller’s work failed');
    expect(await rowsOf(alpha.tenantId, viewer.user.id)).toEqual(before);
    expect(await fence(viewer.user.id, toViewer)).toEqual([]);
  });
});

describe('the notifications router', () => {
  /** The reader's whole list, a page of `limit` at a time, following nextCursor. */
  async function everyPage(person: Person, slug: string, limit: number) {
    const ids: string[] = [];
    let cursor: { createdAt: Date; id: string } | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const page = await callerFor(person.user, slug).notifications.list({ limit, cursor });
      expect(page.items.length).toBeLessThanOrEqual(limit);
      ids.push(...page.items.map((item) => item.id));
      if (!page.nextCursor) return ids;
      cursor = page.nextCursor;
    }
    throw new Error('pagination did not end');
  }

  it('lists newest first, a page at a time, with no notification skipped or repeated, even several in one millisecond', async () => {
    const reader = await newUser('Reader');
    const created: string[] = [];
    for (let i = 0; i < 7; i++) created.push(...(await documentReady(reader.tenantId, [reader.user.id], `file-${i}.txt`)).notificationIds);
    // Times chosen to sit within one millisecond, with a tie, as notifications written close together do.
    const times = ['2026-03-01T10:00:00.123456Z', '2026-03-01T10:00:00.123400Z', '2026-03-01T10:00:00.123400Z', '2026-03-01T10:00:00.123001Z', '2026-03-01T10:00:00.122999Z', '2026-03-01T10:00:01Z', '2026-03-01T09:59:59.999999Z'];
    for (const [i, id] of created.entries()) await ownerQuery('update notifications set created_at = $2 where id = $1', [id, times[i]]);
    const expected = (await ownerQuery<{ id: string }>('select id from notifications where recipient_id = $1 order by created_at desc, id desc', [reader.user.id])).map((row) => row.id);
    expect(expected).toHaveLength(7);
    for (const limit of [1, 2, 3, 7, 100]) expect({ limit, ids: await everyPage(reader, reader.slug, limit) }).toEqual({ limit, ids: expected });
    const firstPage = await callerFor(reader.user, reader.slug).notifications.list({ limit: 7 });
    expect(firstPage.nextCursor).toBeNull();
  });

  it("shows each notification in the reader's language, with its link", async () => {
    const reader = await newUser('Lector');
    await documentReady(reader.tenantId, [reader.user.id], 'informe.pdf');
    const failedParams = { documentId: randomUUID(), fileName: 'cifrado.pdf', step: 'process', reason: 'documents.reasons.pdfEncrypted', resumable: 'no' as const };
    await withTenant(reader.tenantId, (tx) => notify(tx, { tenantId: reader.tenantId, recipients: [reader.user.id], notification: documentFailedNotification, params: failedParams }));
    const en = await callerFor(reader.user, reader.slug, 'en').notifications.list();
    const es = await callerFor(reader.user, reader.slug, 'es').notifications.list();
    expect(en.items.map(({ type, title, body, link }) => ({ type, title, body, link }))).toEqual([
      {
        type: 'document.failed',
        title: '“cifrado.pdf” failed at the process step',
        // An unreadable file: resuming cannot help, so the message does not offer it.
        body: expect.stringMatching(/^This PDF is protected with a password.*upload it again\.$/),
        link: `/documents/${failedParams.documentId}`,
      },
      { type: 'document.ready', title: '“informe.pdf” is ready', body: 'informe.pdf was processed and indexed; you can search it now.', link: expect.stringMatching(/^\/documents\/[0-9a-f-]{36}$/) },
    ]);
    expect(es.items.map(({ title, body }) => ({ title, body }))).toEqual([
      { title: '«cifrado.pdf» falló en el paso procesamiento', body: expect.stringMatching(/^Este PDF está protegido con contraseña.*vuelve a subirlo\.$/) },
      { title: '«informe.pdf» está listo', body: 'informe.pdf se procesó e indexó; ya puedes buscarlo.' },
    ]);
  });

  it('offers to resume a failure resuming can help, and reads one stored before it said so as such', async () => {
    const reader = await newUser('Resumer');
    const params = { documentId: randomUUID(), fileName: 'busy.txt', step: 'store', reason: 'Storage unavailable.', resumable: 'yes' as const };
    const { notificationIds } = await withTenant(reader.tenantId, (tx) => notify(tx, { tenantId: reader.tenantId, recipients: [reader.user.id], notification: documentFailedNotification, params }));
    const body = async () => (await callerFor(reader.user, reader.slug, 'en').notifications.list()).items[0]!.body;
    expect(await body()).toBe('Storage unavailable. Open the document to resume it from that step.');
    await ownerQuery(`update notifications set params = params - 'resumable' where id = any($1)`, [notificationIds]);
    expect(await body()).toBe('Storage unavailable. Open the document to resume it from that step.');
  });

  it('counts unread and unseen; seen clears unseen only, read clears both, and only for the reader', async () => {
    const owner = await newUser('Counter');
    const other = await newUser('Other');
    await addMember(owner.user, owner.slug, other.user, 'member');
    const mine = [];
    for (let i = 0; i < 3; i++) mine.push(...(await documentReady(owner.tenantId, [owner.user.id, other.user.id])).notificationIds);
    const [ownersRows, othersRows] = [await rowsOf(owner.tenantId, owner.user.id), await rowsOf(owner.tenantId, other.user.id)];
    const asOwner = callerFor(owner.user, owner.slug).notifications;
    const asOther = callerFor(other.user, owner.slug).notifications;
    expect(await asOwner.counts()).toEqual({ unread: 3, unseen: 3 });

    expect(await asOwner.markSeen()).toEqual({ updated: 3 });
    expect(await asOwner.markSeen()).toEqual({ updated: 0 });
    expect(await asOwner.counts()).toEqual({ unread: 3, unseen: 0 });
    expect(await asOther.counts()).toEqual({ unread: 3, unseen: 3 });

    // The other person's ids are ignored, in a mixed list too.
    expect(await asOwner.markRead({ ids: othersRows.map((row) => row.id) })).toEqual({ updated: 0 });
    expect(await asOther.counts()).toEqual({ unread: 3, unseen: 3 });
    expect(await asOwner.markRead({ ids: [ownersRows[0]!.id, othersRows[1]!.id] })).toEqual({ updated: 1 });
    expect(await asOwner.markRead({ ids: [ownersRows[0]!.id] })).toEqual({ updated: 0 });
    expect(await asOwner.counts()).toEqual({ unread: 2, unseen: 0 });
    expect(await asOther.counts()).toEqual({ unread: 3, unseen: 3 });
    const listed = await asOwner.list({ unreadOnly: true });
    expect(listed.items.map((item) => item.id).sort()).toEqual(ownersRows.slice(1).map((row) => row.id).sort());

    // Read also counts as seen.
    expect(await asOther.markRead({ ids: [othersRows[2]!.id] })).toEqual({ updated: 1 });
    expect(await asOther.counts()).toEqual({ unread: 2, unseen: 2 });
    const [readOne] = (await asOther.list()).items.filter((item) => item.id === othersRows[2]!.id);
    expect(readOne).toMatchObject({ readAt: expect.any(Date), seenAt: expect.any(Date) });

    expect(await asOwner.markAllRead()).toEqual({ updated: 2 });
    expect(await asOwner.counts()).toEqual({ unread: 0, unseen: 0 });
    expect(await asOther.counts()).toEqual({ unread: 2, unseen: 2 });
    expect(mine).toHaveLength(6);
  });

  it('keeps workspaces apart for someone in two of them: lists, counts and marks act on the named workspace only', async () => {
    const inA = (await documentReady(alpha.tenantId, [both.user.id], 'alpha-secret.pdf')).notificationIds;
    const inB = (await documentReady(beta.tenantId, [both.user.id], 'beta-note.pdf')).notificationIds;
    const asBothInA = callerFor(both.user, alpha.slug).notifications;
    const asBothInB = callerFor(both.user, beta.slug).notifications;
    expect((await asBothInA.list()).items.map((item) => item.id)).toEqual(inA);
    expect((await asBothInB.list()).items.map((item) => item.id)).toEqual(inB);
    expect(JSON.stringify(await asBothInB.list())).not.toContain('alpha-secret');

    // A's id named from B is ignored; everything in B read leaves A's unread.
    expect(await asBothInB.markRead({ ids: inA })).toEqual({ updated: 0 });
    expect(await asBothInB.markAllRead()).toEqual({ updated: 1 });
    expect(await asBothInB.markSeen()).toEqual({ updated: 0 });
    expect(await asBothInA.counts()).toEqual({ unread: 1, unseen: 1 });
    // B's owner, naming A's notification in B, changes nothing either.
    expect(await callerFor(beta.user, beta.slug).notifications.markRead({ ids: inA })).toEqual({ updated: 0 });
    expect(await asBothInA.counts()).toEqual({ unread: 1, unseen: 1 });
  });

  it('answers people only: an API token has no notifications', async () => {
    const { token } = await callerFor(alpha.user, alpha.slug).tokens.create({ name: 'robot', role: 'admin' });
    const asToken = await callerForToken(token, alpha.slug);
    for (const call of [() => asToken.notifications.list(), () => asToken.notifications.counts(), () => asToken.notifications.markAllRead()]) {
      await expect(call()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
  });
});

describe('row-level security on notifications', () => {
  it("hides one workspace's notifications from a transaction of another, even with no filter at all, and refuses writing into it", async () => {
    const { notificationIds } = await documentReady(alpha.tenantId, [colleague.user.id], 'alpha-only.pdf');
    const seenFromB = await withTenant(beta.tenantId, (tx) => tx.select({ id: notifications.id, tenantId: notifications.tenantId }).from(notifications));
    expect(seenFromB.filter((row) => row.tenantId !== beta.tenantId)).toEqual([]);
    expect(seenFromB.map((row) => row.id)).not.toContain(notificationIds[0]);
    const updatedFromB = await withTenant(beta.tenantId, (tx) => tx.update(notifications).set({ readAt: new Date() }).returning({ id: notifications.id }));
    expect(updatedFromB.map((row) => row.id)).not.toContain(notificationIds[0]);
    const insert = withTenant(beta.tenantId, (tx) =>
      tx.insert(notifications).values({ tenantId: alpha.tenantId, recipientId: colleague.user.id, type: 'document.ready', params: { documentId: randomUUID(), fileName: 'forged.pdf' } }),
    );
    const refused = await insert.then(
      () => 'inserted',
      (error: Error & { cause?: Error }) => (error.cause ?? error).message,
    );
    expect(refused).toMatch(/row-level security/);
    expect((await rowsOf(alpha.tenantId, colleague.user.id)).map((row) => (row.params as { fileName: string }).fileName)).not.toContain('forged.pdf');
  });
});
