import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { appendToStream, defineEvent, readByCorrelation, readStream, runCommand, subscribe, unsubscribe } from '@/server/events';
import { ItemAdded, newTenant } from './fixtures';

const StockReserved = defineEvent('StockReserved', { schemaVersion: 1, schema: z.object({ sku: z.string() }) });
const ShipmentPlanned = defineEvent('ShipmentPlanned', { schemaVersion: 1, schema: z.object({ sku: z.string() }) });

let tenantId: string;
beforeAll(async () => {
  tenantId = await newTenant();
  // Two inline handlers in a chain; neither passes correlation or causation along itself.
  subscribe({
    name: 'reserveStock',
    mode: 'inline',
    events: [ItemAdded],
    handle: async (event, { append }) => {
      await append(`stock-${event.data.sku}`, [StockReserved.create({ sku: event.data.sku })], { expectedVersion: 'any' });
    },
  });
  subscribe({
    name: 'planShipment',
    mode: 'inline',
    events: [StockReserved],
    handle: async (event, { append }) => {
      await append(`shipment-${event.data.sku}`, [ShipmentPlanned.create({ sku: event.data.sku })], { expectedVersion: 'any' });
    },
  });
});
afterAll(() => {
  unsubscribe('reserveStock');
  unsubscribe('planShipment');
});

describe('correlation and causation', () => {
  it('a command starts a correlation id; each handler’s events name their trigger as cause and keep the correlation', async () => {
    const { events } = await runCommand({ actor: { kind: 'user', id: 'ana' }, requestId: 'req-1' }, () =>
      appendToStream('cart-c', [ItemAdded.create({ sku: 'pen', quantity: 1 })], { tenantId, expectedVersion: 'any' }),
    );
    const added = events[0]!;
    const [reserved] = await readStream({ tenantId }, 'stock-pen');
    const [planned] = await readStream({ tenantId }, 'shipment-pen');

    expect(added.metadata).toEqual({ correlationId: expect.any(String), causationId: null, actor: { kind: 'user', id: 'ana' }, requestId: 'req-1' });
    expect(reserved!.metadata).toEqual({ ...added.metadata, causationId: added.eventId });
    expect(planned!.metadata).toEqual({ ...added.metadata, causationId: reserved!.eventId });
    expect((await readByCorrelation({ tenantId }, added.metadata.correlationId)).map((e) => e.type)).toEqual(['ItemAdded', 'StockReserved', 'ShipmentPlanned']);
  });

  it('two commands get two correlation ids, and an append outside any command starts its own', async () => {
    const one = await runCommand({}, () => appendToStream('cart-d', [ItemAdded.create({ sku: 'ink', quantity: 1 })], { tenantId, expectedVersion: 'any' }));
    const two = await runCommand({}, () => appendToStream('cart-d', [ItemAdded.create({ sku: 'ink', quantity: 2 })], { tenantId, expectedVersion: 'any' }));
    const bare = await appendToStream('cart-d', [ItemAdded.create({ sku: 'ink', quantity: 3 })], { tenantId, expectedVersion: 'any' });
    const ids = [one, two, bare].map((r) => r.events[0]!.metadata.correlationId);
    expect(new Set(ids).size).toBe(3);
    expect(bare.events[0]!.metadata.causationId).toBeNull();
  });
});
