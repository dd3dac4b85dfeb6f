import { sql } from 'drizzle-orm';
import { bigint, check, customType, index, integer, jsonb, pgPolicy, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { appRole, tenantRows, tenants } from '../tenancy/schema';
import type { EventMetadata } from './metadata';

/** Postgres's 64-bit transaction id; read as text because it can exceed JavaScript's safe integers. */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' });

/**
 * The event log: one row per event, append-only (the app role may not update
 * or delete rows; see the migration). `position` orders the whole log;
 * `transaction_id` lets readers of the log skip nothing (see readAll.ts).
 *
 * A stream's versions are unique per tenant, not globally: stream ids are
 * chosen by code, and a global key would let one workspace collide with (and
 * so detect, or block) another's stream of the same name, through a
 * constraint that row-level security cannot hide.
 */
export const events = pgTable(
  'events',
  {
    position: bigint('position', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    eventId: uuid('event_id').notNull().unique(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    streamId: text('stream_id').notNull(),
    streamVersion: integer('stream_version').notNull(),
    type: text('type').notNull(),
    schemaVersion: integer('schema_version').notNull(),
    data: jsonb('data').$type<unknown>().notNull(),
    metadata: jsonb('metadata').$type<EventMetadata>().notNull(),
    // When the event was written, not when its transaction began: a workflow step's outcome is written in a transaction
    // that began before the step ran. An event that stands for a moment before it was written says so (NewEvent.recordedAt).
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().default(sql`clock_timestamp()`),
    transactionId: xid8('transaction_id').notNull().default(sql`pg_current_xact_id()`),
  },
  (table) => [
    unique('events_stream_version_key').on(table.tenantId, table.streamId, table.streamVersion),
    check('events_stream_version_positive', sql`${table.streamVersion} >= 1`),
    // The gap-safe read of the log (readAll.ts) walks this order.
    index('events_transaction_position_idx').on(table.transactionId, table.position),
    // A workspace's recent events, newest first (the event browser, rebuilds).
    index('events_tenant_position_idx').on(table.tenantId, table.position),
    // Filtering by type with keyset pagination by position.
    index('events_tenant_type_position_idx').on(table.tenantId, table.type, table.position),
    index('events_correlation_idx').on(sql`(${table.metadata} ->> 'correlationId')`),
    // The children of an event in its causation chain.
    index('events_causation_idx').on(sql`(${table.metadata} ->> 'causationId')`),
    // Workflow metrics and alerts read a workspace's step events of a recent window; partial, so other appends do not pay for it.
    index('events_workflow_steps_idx')
      .on(table.tenantId, table.recordedAt)
      .where(sql`${table.type} in ('WorkflowStepStarted', 'WorkflowStepCompleted', 'WorkflowStepFailed')`),
    pgPolicy('events_isolation', { to: appRole, using: tenantRows, withCheck: tenantRows }),
  ],
).enableRLS();

/**
 * Which async handler has applied which event. A handler writes its row in
 * the same transaction as its effect, so a job delivered twice applies once.
 */
export const eventHandlerLedger = pgTable(
  'event_handler_ledger',
  {
    handler: text('handler').notNull(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.eventId, { onDelete: 'cascade' }),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    appliedAt: timestamp('applied_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.handler, table.eventId] }),
    index('event_handler_ledger_event_idx').on(table.eventId),
    pgPolicy('event_handler_ledger_isolation', { to: appRole, using: tenantRows, withCheck: tenantRows }),
  ],
).enableRLS();

/**
 * Read model: one row per stream, kept by an inline projection
 * (projections/streamSummaries.ts) and rebuildable from the log.
 */
export const streamSummaries = pgTable(
  'stream_summaries',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    streamId: text('stream_id').notNull(),
    version: integer('version').notNull(),
    firstType: text('first_type').notNull(),
    lastType: text('last_type').notNull(),
    lastPosition: bigint('last_position', { mode: 'number' }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.streamId] }),
    index('stream_summaries_tenant_last_position_idx').on(table.tenantId, table.lastPosition),
    pgPolicy('stream_summaries_isolation', { to: appRole, using: tenantRows, withCheck: tenantRows }),
  ],
).enableRLS();

export type EventRow = typeof events.$inferSelect;
export type StreamSummary = typeof streamSummaries.$inferSelect;
