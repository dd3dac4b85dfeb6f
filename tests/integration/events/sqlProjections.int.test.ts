import { integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { appendToStream, defineEvent, defineProjection, readStream } from '@/server/events';
import { ownerQuery } from '@/tests/support/ownerQuery';
import { newTenant } from './fixtures';

const NoteTaken = defineEvent('NoteTaken', { schemaVersion: 1, schema: z.object({ text: z.string() }) });

/**
 * A SQL projection that append_events does not name (it calls
 * project_stream_summaries directly, any other through EXECUTE): it must run
 * all the same, in the append's statement, on each event's stored row.
 */
const noteCounts = pgTable('note_counts', { tenantId: uuid('tenant_id').notNull(), streamId: text('stream_id').notNull(), notes: integer('notes').notNull() });
defineProjection({ name: 'noteCounts', tables: [noteCounts], events: [NoteTaken], sqlFunction: 'count_notes' });

let tenantId: string;
beforeAll(async () => {
  await ownerQuery(`
    create table note_counts (tenant_id uuid not null, stream_id text not null, notes integer not null, last_position bigint not null, primary key (tenant_id, stream_id));
    alter table note_counts enable row level security;
    create policy note_counts_isolation on note_counts to tramite_app using (tenant_id = app_tenant_id()) with check (tenant_id = app_tenant_id());
    create function count_notes(e events) returns void language plpgsql as $$
    begin
      if e.data ->> 'text' = 'boom' then raise exception 'count_notes refuses boom'; end if;
      insert into note_counts values (e.tenant_id, e.stream_id, 1, e.position)
        on conflict (tenant_id, stream_id) do update set notes = note_counts.notes + 1, last_position = excluded.last_position;
    end $$;`);
  tenantId = await newTenant();
});

describe('a SQL projection that append_events does not name', () => {
  it('runs on every appended event, in the append’s statement', async () => {
    await appendToStream('notebook-1', [NoteTaken.create({ text: 'a' }), NoteTaken.create({ text: 'b' })], { tenantId, expectedVersion: 'no_stream' });
    const { events } = await appendToStream('notebook-1', [NoteTaken.create({ text: 'c' })], { tenantId, expectedVersion: 2 });
    expect(await ownerQuery('select tenant_id, stream_id, notes, last_position from note_counts')).toEqual([
      { tenant_id: tenantId, stream_id: 'notebook-1', notes: 3, last_position: String(events[0]!.position) },
    ]);
  });

  it('fails the append when it fails, and nothing of the batch is stored', async () => {
    const batch = [NoteTaken.create({ text: 'fine' }), NoteTaken.create({ text: 'boom' })];
    await expect(appendToStream('notebook-2', batch, { tenantId, expectedVersion: 'no_stream' })).rejects.toMatchObject({ cause: { message: 'count_notes refuses boom' } });
    expect(await readStream({ tenantId }, 'notebook-2')).toEqual([]);
    expect(await ownerQuery(`select * from note_counts where stream_id = 'notebook-2'`)).toEqual([]);
  });
});
