import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { appendToStream, defineEvent, readAll, readStream, UpcastError } from '@/server/events';
import { ownerQuery } from '@/tests/support/ownerQuery';
import { newTenant, waitFor } from './fixtures';

/** Version 1 stored `{ weightGrams }`; version 2 stores a weight with its unit. */
const ParcelWeighed = defineEvent('ParcelWeighed', {
  schemaVersion: 2,
  schema: z.object({ weight: z.object({ value: z.number(), unit: z.enum(['g', 'kg']) }) }),
  upcast: (data, storedVersion) => {
    if (storedVersion === 1) return { weight: { value: (data as { weightGrams: number }).weightGrams, unit: 'g' as const } };
    throw new Error(`no upcast from version ${storedVersion}`);
  },
});

let tenantId: string;
/** Writes an event as an older release of Tramite did (bypassing today's catalog). */
async function storeAsOldRelease(streamId: string, version: number, data: unknown, schemaVersion = 1): Promise<void> {
  await ownerQuery(
    `insert into events (event_id, tenant_id, stream_id, stream_version, type, schema_version, data, metadata)
     values (gen_random_uuid(), $1, $2, $3, 'ParcelWeighed', $4, $5, $6)`,
    [tenantId, streamId, version, schemaVersion, JSON.stringify(data), JSON.stringify({ correlationId: crypto.randomUUID(), causationId: null })],
  );
}

beforeAll(async () => {
  tenantId = await newTenant();
});

describe('upcasting', () => {
  it('given a version-1 event in the log, when it is read, then it comes back in the version-2 shape', async () => {
    await storeAsOldRelease('parcel-1', 1, { weightGrams: 1200 });
    await appendToStream('parcel-1', [ParcelWeighed.create({ weight: { value: 1.1, unit: 'kg' } })], { tenantId, expectedVersion: 1 });

    const events = await readStream({ tenantId }, 'parcel-1');
    expect(events.map((e) => [e.schemaVersion, e.data])).toEqual([
      [2, { weight: { value: 1200, unit: 'g' } }],
      [2, { weight: { value: 1.1, unit: 'kg' } }],
    ]);
    const stored = await ownerQuery<{ schema_version: number; data: unknown }>('select schema_version, data from events where stream_id = $1 order by stream_version', ['parcel-1']);
    // History is not rewritten: the old row keeps its version and payload; new ones are stored at version 2.
    expect(stored).toEqual([
      { schema_version: 1, data: { weightGrams: 1200 } },
      { schema_version: 2, data: { weight: { value: 1.1, unit: 'kg' } } },
    ]);
    const fromLog = await waitFor(async () => {
      const { events: log } = await readAll({ tenantId });
      return log.length === 2 ? log : undefined;
    }, 'both events in the log');
    expect(fromLog[0]!.data).toEqual({ weight: { value: 1200, unit: 'g' } });
  });

  it('an old payload the upcast cannot turn into a valid one fails the read with a typed error', async () => {
    await storeAsOldRelease('parcel-2', 1, { somethingElse: true });
    await expect(readStream({ tenantId }, 'parcel-2')).rejects.toBeInstanceOf(UpcastError);
  });
});
