import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import { withTenant } from '@/server/db';
import { AppError } from '@/server/errors';
import { readStream } from '@/server/events';
import { documentStream } from './events';
import { documents, documentTexts, type Document, type DocumentStatus } from './schema';

/** A workspace's documents, newest first, keyset-paginated by (created_at, id). */
export async function listDocuments(tenantId: string, options: { cursor?: { createdAt: Date; id: string }; limit?: number } = {}) {
  const limit = options.limit ?? 50;
  const { cursor } = options;
  const rows = await withTenant(tenantId, (tx) =>
    tx
      .select()
      .from(documents)
      .where(
        and(
          eq(documents.tenantId, tenantId),
          cursor ? or(lt(documents.createdAt, cursor.createdAt), and(eq(documents.createdAt, cursor.createdAt), lt(documents.id, cursor.id))) : undefined,
        ),
      )
      .orderBy(desc(documents.createdAt), desc(documents.id))
      .limit(limit + 1),
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { documents: page, nextCursor: rows.length > limit && last ? { createdAt: last.createdAt, id: last.id } : null };
}

/** The statuses of a document whose workflow is running. */
export const runningStatuses = ['uploading', 'processing', 'indexing'] as const satisfies readonly DocumentStatus[];

/** A workspace's documents in these statuses, most recently changed first: the workflows page's running and failed lists. */
export function listDocumentsInStatus(tenantId: string, statuses: readonly DocumentStatus[], limit = 100): Promise<Document[]> {
  return withTenant(tenantId, (tx) =>
    tx
      .select()
      .from(documents)
      .where(and(eq(documents.tenantId, tenantId), inArray(documents.status, [...statuses])))
      .orderBy(desc(documents.updatedAt), desc(documents.id))
      .limit(limit),
  );
}

export async function getDocument(tenantId: string, documentId: string): Promise<Document> {
  const [row] = await withTenant(tenantId, (tx) => tx.select().from(documents).where(and(eq(documents.tenantId, tenantId), eq(documents.id, documentId))));
  if (!row) throw new AppError('not_found', 'documents.notFound');
  return row;
}

/** The document's history, as recorded: every step's start, end, failure, with attempts and durations. */
export async function documentTimeline(tenantId: string, documentId: string) {
  const events = await readStream({ tenantId }, documentStream(documentId));
  return events.map((event) => ({ position: event.position, type: event.type, data: event.data, recordedAt: event.recordedAt, actor: event.metadata.actor ?? null }));
}

/** How much of a document's extracted text its page shows. */
export const textPreviewChars = 2000;

/**
 * The start of a document's extracted text, for its page (as plain text):
 * null until the process step has stored it. Only the first characters
 * leave the database, however long the text.
 */
export async function documentTextPreview(tenantId: string, documentId: string): Promise<{ text: string; truncated: boolean } | null> {
  const [row] = await withTenant(tenantId, (tx) =>
    tx
      .select({ head: sql<string>`left(${documentTexts.body}, ${textPreviewChars + 1})` })
      .from(documentTexts)
      .where(and(eq(documentTexts.tenantId, tenantId), eq(documentTexts.documentId, documentId))),
  );
  if (!row) return null;
  return { text: row.head.slice(0, textPreviewChars), truncated: row.head.length > textPreviewChars };
}
