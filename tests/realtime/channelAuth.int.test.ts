/**
 * The app's channel-auth decision (authorizeChannel, what
 * /api/realtime/auth answers for the signed-in person), attacked through
 * the official pusher-js against the embedded server: a workspace's channel
 * only for its members, a user's channel only for that user, nothing else.
 * Everyone of workspace B, in every role, tries A's channels and gets
 * nothing of them.
 */
import type Pusher from 'pusher-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveServer, liveApp, pusherAs, collect, subscription } from '@/tests/support/liveRealtime';

// The app publishes to and signs for this server: configured before any server module reads the configuration.
const server = await startLiveServer();

const { authorizeChannel, publish, tenantChannel, userChannel, liveEvents } = await import('@/server/realtime');
const { roles } = await import('@/server/tenancy');
const { callerFor } = await import('@/tests/support/callers');
const { workspaceWithEveryRole } = await import('@/tests/support/workspaceMembers');
const { connected, disconnect, RawClient } = await import('./support');

type Workspace = Awaited<ReturnType<typeof workspaceWithEveryRole>>;
let a: Workspace;
let b: Workspace;
const clients: Pusher[] = [];

beforeAll(async () => {
  a = await workspaceWithEveryRole('Alpha');
  b = await workspaceWithEveryRole('Beta');
});
afterAll(async () => {
  await Promise.all(clients.map(disconnect));
  await server.close();
});

function client(userId: string, options: Parameters<typeof pusherAs>[2] = {}): Pusher {
  const pusher = pusherAs(server.port, userId, options);
  clients.push(pusher);
  return pusher;
}

/** Subscribes as `userId` and answers how it went. */
async function trySubscribe(userId: string, channelName: string, options: Parameters<typeof pusherAs>[2] = {}) {
  const pusher = client(userId, options);
  const channel = pusher.subscribe(channelName);
  return { pusher, channel, outcome: await subscription(channel) };
}

/** What authorizeChannel throws, as code and message key. */
const refusal = (userId: string, socketId: string, channelName: string) =>
  authorizeChannel(userId, socketId, channelName).then(
    () => 'signed',
    (error: { code: string; messageKey: string }) => ({ code: error.code, messageKey: error.messageKey }),
  );
const forbidden = { code: 'forbidden', messageKey: 'errors.channelForbidden' };
const wellFormedSocketId = '123.456';

describe("a workspace's channel and a user's own channel", () => {
  it('admit every member of the workspace, in every role, and their own user channel; published messages reach them', async () => {
    for (const role of roles) {
      const user = a.users[role];
      const pusher = client(user.id);
      const tenant = pusher.subscribe(tenantChannel(a.tenantId));
      const own = pusher.subscribe(userChannel(user.id));
      const outcomes = await Promise.all([subscription(tenant), subscription(own)]);
      expect({ role, outcomes }).toEqual({ role, outcomes: [{ joined: true }, { joined: true }] });
      const onTenant = collect<{ n: number }>(tenant, liveEvents.documentChanged);
      const onOwn = collect<{ n: number }>(own, liveEvents.notificationCreated);
      await publish([
        { channel: tenantChannel(a.tenantId), event: liveEvents.documentChanged, data: { n: 1 } },
        { channel: userChannel(user.id), event: liveEvents.notificationCreated, data: { n: 2 } },
      ]);
      await onTenant.until((m) => m.n === 1, `for ${role} on the tenant channel`);
      await onOwn.until((m) => m.n === 2, `for ${role} on their own channel`);
    }
  });

  it('accept the ids in any letter case in the decision, but only the lower-case channel names the app publishes on', async () => {
    const owner = a.users.owner;
    expect(await authorizeChannel(owner.id.toUpperCase(), wellFormedSocketId, userChannel(owner.id))).toHaveProperty('auth');
    expect(await refusal(owner.id, wellFormedSocketId, `private-tenant-${a.tenantId.toUpperCase()}`)).toEqual(forbidden);
  });
});

describe("workspace B's people against workspace A's channels", () => {
  it("refuses every role of B on A's workspace channel: subscription_error, and nothing published there reaches them", async () => {
    const attempts = [];
    for (const role of roles) {
      const attacker = b.users[role];
      const attempt = await trySubscribe(attacker.id, tenantChannel(a.tenantId));
      expect({ role, outcome: attempt.outcome }).toEqual({ role, outcome: { joined: false, error: expect.objectContaining({ type: 'AuthError' }) } });
      expect(await refusal(attacker.id, await connected(attempt.pusher), tenantChannel(a.tenantId))).toEqual(forbidden);
      // The attacker's own workspace channel on the same socket is the fence: its message comes after A's.
      const fence = attempt.pusher.subscribe(tenantChannel(b.tenantId));
      expect(await subscription(fence)).toEqual({ joined: true });
      attempts.push({ role, onA: collect(attempt.channel, liveEvents.documentChanged), fence: collect<{ fence: boolean }>(fence, liveEvents.documentChanged) });
    }
    await publish([
      { channel: tenantChannel(a.tenantId), event: liveEvents.documentChanged, data: { secret: 'of A' } },
      { channel: tenantChannel(b.tenantId), event: liveEvents.documentChanged, data: { fence: true } },
    ]);
    for (const attempt of attempts) {
      await attempt.fence.until((m) => m.fence, `fence for ${attempt.role}`);
      expect({ role: attempt.role, received: attempt.onA.received }).toEqual({ role: attempt.role, received: [] });
    }
  });

  it("refuses every role of B on the user channel of every person of A", async () => {
    for (const role of roles) {
      for (const targetRole of roles) {
        const { outcome } = await trySubscribe(b.users[role].id, userChannel(a.users[targetRole].id));
        expect({ role, targetRole, joined: outcome.joined }).toEqual({ role, targetRole, joined: false });
        expect(await refusal(b.users[role].id, wellFormedSocketId, userChannel(a.users[targetRole].id))).toEqual(forbidden);
      }
    }
  });

  it("refuses a member of A another member's user channel", async () => {
    const { outcome } = await trySubscribe(a.users.owner.id, userChannel(a.users.viewer.id));
    expect(outcome.joined).toBe(false);
    expect(await refusal(a.users.viewer.id, wellFormedSocketId, userChannel(a.users.owner.id))).toEqual(forbidden);
  });

  it('refuses a person removed from A from then on', async () => {
    const leaving = a.users.member;
    expect(await authorizeChannel(leaving.id, wellFormedSocketId, tenantChannel(a.tenantId))).toHaveProperty('auth');
    await callerFor(a.users.owner, a.slug).members.remove({ userId: leaving.id });
    expect(await refusal(leaving.id, wellFormedSocketId, tenantChannel(a.tenantId))).toEqual(forbidden);
    const { outcome } = await trySubscribe(leaving.id, tenantChannel(a.tenantId));
    expect(outcome.joined).toBe(false);
  });

  it("does not let B's signature for B's channel open A's channel on the server", async () => {
    const path = `/app/${liveApp.key}?protocol=7&client=js&version=8.6.0&flash=false`;
    const raw = await RawClient.open(server.port, path);
    const established = await raw.next('pusher:connection_established');
    const socketId = (JSON.parse(established.data as string) as { socket_id: string }).socket_id;
    const signedForB = await authorizeChannel(b.users.owner.id, socketId, tenantChannel(b.tenantId));
    raw.send({ event: 'pusher:subscribe', data: { channel: tenantChannel(a.tenantId), auth: signedForB.auth } });
    expect((await raw.next('pusher:subscription_error', tenantChannel(a.tenantId))).data).toMatchObject({ type: 'AuthError', status: 401 });
    await raw.close();
  });
});

describe('names and socket ids the app never signs', () => {
  it('refuses unknown and malformed channel names, whoever asks', async () => {
    const owner = a.users.owner;
    const names = [
      'private-tenant-not-a-uuid',
      'private-tenant-',
      `private-tenant-${a.tenantId}-x`,
      `private-tenant-${a.tenantId}\n`,
      ` private-tenant-${a.tenantId}`,
      `private-tenant-${a.tenantId.replace(/-/g, '')}`,
      `private-user-${owner.id}x`,
      `private-user-${a.tenantId}-${owner.id}`,
      `presence-tenant-${a.tenantId}`,
      `private-encrypted-tenant-${a.tenantId}`,
      `tenant-${a.tenantId}`,
      `user-${owner.id}`,
      'private-orders',
      '',
    ];
    for (const name of names) expect({ name, answer: await refusal(owner.id, wellFormedSocketId, name) }).toEqual({ name, answer: forbidden });
    for (const name of [`private-tenant-${a.tenantId}x`, `presence-tenant-${a.tenantId}`]) {
      const { outcome } = await trySubscribe(owner.id, name);
      expect({ name, joined: outcome.joined }).toEqual({ name, joined: false });
    }
  });

  it('refuses a malformed socket id as invalid, and a forbidden channel stays forbidden whatever the socket id', async () => {
    const owner = a.users.owner;
    for (const socketId of ['', 'not-a-socket', '1.2.3', '1.', '.1', '1.2\n', '1.2:private-user-x']) {
      expect({ socketId, answer: await refusal(owner.id, socketId, tenantChannel(a.tenantId)) }).toEqual({
        socketId,
        answer: { code: 'invalid', messageKey: 'errors.badSocketId' },
      });
    }
    expect(await refusal(b.users.owner.id, 'not-a-socket', tenantChannel(a.tenantId))).toEqual(forbidden);
    const { outcome } = await trySubscribe(owner.id, tenantChannel(a.tenantId), { socketId: () => 'not-a-socket' });
    expect(outcome.joined).toBe(false);
  });

  it("does not let a signature made for another socket id subscribe this one", async () => {
    const { outcome } = await trySubscribe(a.users.owner.id, tenantChannel(a.tenantId), { socketId: (real) => real.replace(/^\d+/, (n) => String(Number(n) + 1)) });
    expect(outcome).toEqual({ joined: false, error: expect.objectContaining({ type: 'AuthError' }) });
  });
});
