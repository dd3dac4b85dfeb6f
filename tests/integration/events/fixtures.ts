import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { defineEvent } from '@/server/events';
import { ownerQuery } from '@/tests/support/ownerQuery';

/** A workspace row of its own, made directly (the event store needs no members). */
export async function newTenant(): Promise<string> {
  const slug = `events-${randomBytes(5).toString('hex')}`;
  const [row] = await ownerQuery<{ id: string }>('insert into tenants (slug, name) values ($1, $1) returning id', [slug]);
  return row!.id;
}

/** Event types the event-store tests append. */
export const ItemAdded = defineEvent('ItemAdded', {
  schemaVersion: 1,
  schema: z.object({ sku: z.string().min(1), quantity: z.number().int().positive() }),
});
export const ItemRemoved = defineEvent('ItemRemoved', { schemaVersion: 1, schema: z.object({ sku: z.string().min(1) }) });

// Most of the integration tests poll through these fixtures; the helper itself is shared with tests/support.
export { waitFor } from '@/tests/support/waitFor';

/** A promise with its resolve handle, for holding a transaction open until the test says so. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}
