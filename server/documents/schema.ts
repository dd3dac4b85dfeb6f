import { bigint, customType, index, integer, pgEnum, pgPolicy, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { appRole, tenantRows, tenants } from '../tenancy/schema';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const documentKinds = ['pdf', 'docx', 'txt', 'md', 'html', 'csv', 'json'] as const;
export type DocumentKind = (typeof documentKinds)[number];
export const documentKindEnum = pgEnum('document_kind', documentKinds);

/** Where a document is in its workflow; `failed` names the step in `failed_step`. */
export const documentStatuses = ['uploading', 'processing', 'indexing', 'ready', 'failed', 'cancelled'] as const;
export type DocumentStatus = (typeof documentStatuses)[number];
export const documentStatusEnum = pgEnum('document_status', documentStatuses);

/**
 * The documents read model: kept from the workflow's events by an inline
 * projection, so it can be dropped and rebuilt from the log.
 */
export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    uploadedBy: uuid('uploaded_by'),
    fileName: text('file_name').notNull(),
    kind: documentKindEnum('kind').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    /** Where the stored file is (content-addressed), once the store step has run. */
    storageKey: text('storage_key'),
    status: documentStatusEnum('status').notNull(),
    /** The step that is running, or that failed. */
    currentStep: text('current_step'),
    failureReason: text('failure_reason'),
    pageCount: integer('page_count'),
    wordCount: integer('word_count'),
    language: text('language'),
    duplicateOf: uuid('duplicate_of'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    index('documents_tenant_created_idx').on(table.tenantId, table.createdAt),
    index('documents_tenant_sha_idx').on(table.tenantId, table.sha256),
    // The workflows page lists a workspace's running and failed documents, most recently changed first.
    index('documents_tenant_status_idx').on(table.tenantId, table.status, table.updatedAt),
    pgPolicy('documents_isolation', { to: appRole, using: tenantRows, withCheck: tenantRows }),
  ],
).enableRLS();

/**
 * A document's extracted text and its full-text index, written by the
 * process and index steps (too large to carry in events).
 */
export const documentTexts = pgTable(
  'document_texts',
  {
    documentId: uuid('document_id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    /** The text-search configuration chosen from the detected language: english, spanish or simple. */
    searchConfig: text('search_config').notNull().default('simple'),
    search: tsvector('search'),
  },
  (table) => [
    index('document_texts_search_idx').using('gin', table.search),
    index('document_texts_tenant_idx').on(table.tenantId),
    pgPolicy('document_texts_isolation', { to: appRole, using: tenantRows, withCheck: tenantRows }),
  ],
).enableRLS();

export type Document = typeof documents.$inferSelect;
