import { getTableName, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { getDb, withTenant, type Transaction } from '@/server/db';
import { tenants } from '@/server/tenancy/schema';
import { subscribe, type EventSelector, type EventsOf } from './handlers';
import { events } from './schema';
import { toStoredEvent, type StoredEvent } from './storedEvent';

/** A read model: tables with a tenant_id, kept by an inline handler, which can be emptied and replayed from the log. */
export type Projection<Selector extends EventSelector = EventSelector> = {
  name: string;
  /** The tables it owns; a rebuild deletes the workspace's rows from each before replaying. */
  tables: PgTable[];
  events: Selector;
  /** Applies one event. It runs live in the append's transaction and again, in log order, on a rebuild, so it must only depend on the events. */
  apply: (event: EventsOf<Selector>, tx: Transaction) => Promise<void>;
  /** Set when `apply` is a SQL function of an `events` row (made by a migration): the append then runs it in its own statement. */
  sqlFunction?: string;
};

/**
 * What a projection declares: `apply` in TypeScript, or `sqlFunction`, the
 * name of a SQL function taking an `events` row (its stored payload, not
 * upcast). A SQL projection costs an append no extra round trip: the append
 * statement calls it on each event it inserts, and a rebuild on each event
 * it replays.
 */
export type ProjectionDefinition<Selector extends EventSelector = EventSelector> = Omit<Projection<Selector>, 'apply' | 'sqlFunction'> &
  ({ apply: Projection<Selector>['apply']; sqlFunction?: never } | { sqlFunction: string; apply?: never });

const projections = new Map<string, Projection>();

/** Declares a read model and subscribes it inline (as handler `projection.<name>`). */
export function defineProjection<const Selector extends EventSelector>(definition: ProjectionDefinition<Selector>): Projection<Selector> {
  const { sqlFunction } = definition;
  if (sqlFunction !== undefined && !/^[a-z_][a-z0-9_]*$/.test(sqlFunction)) throw new Error(`Projection ${definition.name}: sqlFunction "${sqlFunction}" must be a plain SQL name`);
  const projection: Projection<Selector> = {
    ...definition,
    apply: definition.apply ?? ((event, tx) => applyInSql(sqlFunction!, event, tx)),
  };
  projections.set(projection.name, projection as unknown as Projection);
  subscribe<Selector>({
    name: `projection.${projection.name}`,
    mode: 'inline',
    events: projection.events,
    handle: (event, { tx }) => projection.apply(event, tx),
    sqlFunction,
  });
  return projection;
}

/** Applies a SQL projection to one stored event, read again by position (the function takes the row as stored). */
async function applyInSql(sqlFunction: string, event: StoredEvent, tx: Transaction): Promise<void> {
  await tx.execute(sql`select ${sql.identifier(sqlFunction)}(e) from ${events} e where e.position = ${event.position}`);
}

export function projectionNames(): string[] {
  return [...projections.keys()].sort();
}

export type RebuildReport = { name: string; tenants: number; events: number };

/**
 * Empties a read model and replays the log into it, workspace by workspace,
 * in one transaction. It first locks the model's tables against writes: an
 * append whose inline handler would touch them waits until the rebuild
 * commits and then applies on top of it, while every append that committed
 * earlier is in the snapshot the replay reads (repeatable read, taken at the
 * first query after the lock). Appends of unrelated events are not held up.
 */
export async function rebuildProjection(name: string, batchSize = 1000): Promise<RebuildReport> {
  const projection = projections.get(name);
  if (!projection) throw new Error(`No projection named "${name}" (known: ${projectionNames().join(', ') || 'none'})`);
  const apply = projection.apply as (event: StoredEvent, tx: Transaction) => Promise<void>;
  const types = projection.events === 'all' ? null : projection.events.map((definition) => definition.type);
  const tables = projection.tables.map((table) => sql.identifier(getTableName(table)));

  return getDb().transaction(
    async (tx) => {
      await tx.execute(sql`lock table ${sql.join(tables, sql`, `)} in exclusive mode`);
      const workspaces = await tx.select({ id: tenants.id }).from(tenants).orderBy(tenants.createdAt, tenants.id);
      let replayed = 0;
      for (const { id: tenantId } of workspaces) {
        await withTenant(
          tenantId,
          async () => {
            for (const table of tables) await tx.execute(sql`delete from ${table} where tenant_id = ${tenantId}`);
            let after = 0;
            for (;;) {
              const rows = await tx
                .select()
                .from(events)
                .where(sql`${events.tenantId} = ${tenantId} and ${events.position} > ${after} ${types ? sql`and ${events.type} = any(${sql.param(types)}::text[])` : sql``}`)
                .orderBy(events.position)
                .limit(batchSize);
              for (const row of rows) await apply(toStoredEvent(row), tx);
              replayed += rows.length;
              if (rows.length < batchSize) break;
              after = rows.at(-1)!.position;
            }
          },
          tx,
        );
      }
      return { name, tenants: workspaces.length, events: replayed };
    },
    { isolationLevel: 'repeatable read' },
  );
}

/** Rebuilds the named read models, or all of them. */
export async function rebuildProjections(names: string[] = projectionNames()): Promise<RebuildReport[]> {
  const reports: RebuildReport[] = [];
  for (const name of names) reports.push(await rebuildProjection(name));
  return reports;
}
