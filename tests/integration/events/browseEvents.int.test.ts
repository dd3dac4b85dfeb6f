import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { appendToStream, browseEvents, defineEvent, eventWithCausation, listEventTypes, runCommand, streamHistory, subscribe, type StoredEvent } from '@/server/events';
import { callerFor, newUser } from '@/tests/support/callers';
import { ItemAdded, ItemRemoved, newTenant } from './fixtures';

const OrderPlaced = defineEvent('OrderPlaced', { schemaVersion: 1, schema: z.object({ order: z.string() }) });
const PaymentRequested = defineEvent('PaymentRequested', { schemaVersion: 1, schema: z.object({ order: z.string() }) });
const ReceiptQueued = defineEvent('ReceiptQueued', { schemaVersion: 1, schema: z.object({ order: z.string() }) });
const StockChecked = defineEvent('StockChecked', { schemaVersion: 1, schema: z.object({ order: z.string() }) });

// OrderPlaced → PaymentRequested → ReceiptQueued, and OrderPlaced → StockChecked.
subscribe({
  name: 'requestPayment',
  mode: 'inline',
  events: [OrderPlaced],
  handle: async (event, { append }) => {
    await append(`payment-${event.data.order}`, [PaymentRequested.create({ order: event.data.order })], { expectedVersion: 'any' });
    await append(`stock-${event.data.order}`, [StockChecked.create({ order: event.data.order })], { expectedVersion: 'any' });
  },
});
subscribe({
  name: 'queueReceipt',
  mode: 'inline',
  events: [PaymentRequested],
  handle: async (event, { append }) => {
    await append(`receipt-${event.data.order}`, [ReceiptQueued.create({ order: event.data.order })], { expectedVersion: 'any' });
  },
});

// A workspace of its own, with no events but these (signing up appends some of its own).
let tenantId: string;
let placed: StoredEvent;
beforeAll(async () => {
  tenantId = await newTenant();
  for (let i = 0; i < 7; i++) await appendToStream(`cart-${i % 2}`, [ItemAdded.create({ sku: `s${i}`, quantity: 1 })], { tenantId, expectedVersion: 'any' });
  await appendToStream('cart-0', [ItemRemoved.create({ sku: 's0' })], { tenantId, expectedVersion: 'any' });
  placed = (await runCommand({}, () => appendToStream('order-1', [OrderPlaced.create({ order: '1' })], { tenantId, expectedVersion: 'no_stream' }))).events[0]!;
});

describe('the event browser’s reads', () => {
  it('pages through the newest events by position, each event once', async () => {
    const seen: number[] = [];
    let before: number | undefined;
    let pages = 0;
    do {
      const page = await browseEvents({ tenantId }, { limit: 5, before });
      seen.push(...page.events.map((e) => e.position));
      before = page.nextBefore ?? undefined;
      pages += 1;
    } while (before);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(12);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
  });

  it('filters by type, stream and correlation id', async () => {
    expect((await browseEvents({ tenantId }, { type: 'ItemRemoved' })).events.map((e) => e.streamId)).toEqual(['cart-0']);
    expect((await browseEvents({ tenantId }, { streamId: 'cart-1' })).events.map((e) => e.streamVersion)).toEqual([3, 2, 1]);
    const correlated = await browseEvents({ tenantId }, { correlationId: placed.metadata.correlationId });
    expect(correlated.events.map((e) => e.type).sort()).toEqual(['OrderPlaced', 'PaymentRequested', 'ReceiptQueued', 'StockChecked']);
  });

  it('lists the stored event types', async () => {
    expect(await listEventTypes({ tenantId })).toEqual(['ItemAdded', 'ItemRemoved', 'OrderPlaced', 'PaymentRequested', 'ReceiptQueued', 'StockChecked']);
  });

  it('shows an event’s causes up to the command, and the events it caused', async () => {
    const receipt = (await browseEvents({ tenantId }, { type: 'ReceiptQueued' })).events[0]!;
    const ofReceipt = await eventWithCausation({ tenantId }, receipt.eventId);
    expect(ofReceipt!.parents.map((e) => e.type)).toEqual(['OrderPlaced', 'PaymentRequested']);
    expect(ofReceipt!.children).toEqual([]);

    const ofPlaced = await eventWithCausation({ tenantId }, placed.eventId);
    expect(ofPlaced!.parents).toEqual([]);
    expect(ofPlaced!.children.map((e) => e.type)).toEqual(['PaymentRequested', 'StockChecked']);
    expect(await eventWithCausation({ tenantId }, crypto.randomUUID())).toBeNull();
  });

  it('shows a stream’s history with its summary', async () => {
    const history = await streamHistory({ tenantId }, { streamId: 'cart-0', limit: 3 });
    expect(history!.summary).toMatchObject({ version: 5, lastType: 'ItemRemoved' });
    expect(history!.events.map((e) => e.streamVersion)).toEqual([5, 4, 3]);
    const older = await streamHistory({ tenantId }, { streamId: 'cart-0', before: history!.nextBefore! });
    expect(older!.events.map((e) => e.streamVersion)).toEqual([2, 1]);
    expect(await streamHistory({ tenantId }, { streamId: 'no-such-stream' })).toBeNull();
  });
});

describe('the events API', () => {
  let owner: Awaited<ReturnType<typeof newUser>>;
  let order: StoredEvent;
  beforeAll(async () => {
    owner = await newUser('Browser');
    order = (await appendToStream('order-api', [OrderPlaced.create({ order: 'api' })], { tenantId: owner.tenantId, expectedVersion: 'no_stream' })).events[0]!;
  });

  it('answers owners, and refuses members with FORBIDDEN', async () => {
    const asOwner = callerFor(owner.user, owner.slug);
    expect((await asOwner.events.list({ limit: 2 })).events).toHaveLength(2);
    expect(await asOwner.events.types()).toContain('OrderPlaced');
    await expect(asOwner.events.get({ id: order.eventId })).resolves.toMatchObject({ event: { eventId: order.eventId } });
    await expect(asOwner.events.get({ id: crypto.randomUUID() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(asOwner.events.stream({ streamId: 'order-api' })).resolves.toMatchObject({ summary: { version: 1 } });

    const member = await newUser('Member');
    const invited = await asOwner.members.invite({ email: member.user.email, role: 'member' });
    await callerFor(member.user).invitations.accept({ token: invited.link!.split('/invitations/')[1]! });
    const asMember = callerFor(member.user, owner.slug);
    await expect(asMember.events.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(asMember.events.types()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(asMember.events.get({ id: order.eventId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('never shows another workspace’s events, even by id', async () => {
    const stranger = await newUser('Stranger');
    const asStranger = callerFor(stranger.user, stranger.slug);
    const seen = (await asStranger.events.list({ limit: 100 })).events;
    expect(seen.every((event) => event.tenantId === stranger.tenantId)).toBe(true);
    await expect(asStranger.events.get({ id: order.eventId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(asStranger.events.stream({ streamId: 'order-api' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await asStranger.events.types()).not.toContain('OrderPlaced');
  });
});
