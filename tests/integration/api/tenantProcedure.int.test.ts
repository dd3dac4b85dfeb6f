import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { appRouter, type Context } from '@/server/api';
import { createCallerFactory } from '@/server/api/trpc';
import { signUp, signUpInput, type SessionUser } from '@/server/auth';

const createCaller = createCallerFactory(appRouter);
const callerFor = (user: SessionUser | null, headers: Record<string, string> = {}) =>
  createCaller({ user, apiToken: null, ip: '127.0.0.1', headers: new Headers(headers), locale: (headers['accept-language'] as Context['locale']) ?? 'en' });

let ana: SessionUser;
let bo: SessionUser;

beforeAll(async () => {
  ana = (await signUp(signUpInput.parse({ name: 'Ana', email: 'ana@example.com', password: 'long enough password' }))).user;
  bo = (await signUp(signUpInput.parse({ name: 'Bo', email: 'bo@example.com', password: 'long enough password' }))).user;
});

describe('workspace-scoped procedures', () => {
  it('answer a member with the workspace named by x-tenant', async () => {
    await expect(callerFor(ana, { 'x-tenant': 'ana' }).tenants.current()).resolves.toMatchObject({ slug: 'ana', role: 'owner' });
  });

  it('answer NOT_FOUND alike for another user’s workspace and for one that does not exist', async () => {
    const other = await callerFor(bo, { 'x-tenant': 'ana' }).tenants.current().catch((e) => e);
    const missing = await callerFor(bo, { 'x-tenant': 'no-such-workspace' }).tenants.current().catch((e) => e);
    expect(other).toBeInstanceOf(TRPCError);
    expect([other.code, missing.code]).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    expect(other.message).toBe(missing.message);
  });

  it('refuse a caller who is not signed in', async () => {
    await expect(callerFor(null, { 'x-tenant': 'ana' }).tenants.current()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('tenants.create and tenants.list', () => {
  it('creates a workspace owned by the caller and lists it', async () => {
    const created = await callerFor(ana).tenants.create({ name: 'Second team' });
    expect(created).toMatchObject({ slug: 'second-team', role: 'owner' });
    expect((await callerFor(ana).tenants.list()).map((t) => t.slug)).toEqual(['ana', 'second-team']);
    expect((await callerFor(bo).tenants.list()).map((t) => t.slug)).toEqual(['bo']);
  });
});
