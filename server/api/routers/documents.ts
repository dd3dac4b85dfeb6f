import { z } from 'zod';
import { cancelDocument, documentTextPreview, documentTimeline, getDocument, listDocuments, resumeDocument } from '@/server/documents';
import { searchDocuments, searchDocumentsInput } from '@/server/documents/search';
import { allowedProcedure, createTRPCRouter } from '../trpc';

const documentIdInput = z.object({ id: z.uuid({ error: 'validation.invalid' }) });

export const documentsRouter = createTRPCRouter({
  list: allowedProcedure('workspace.view')
    .input(z.object({ cursor: z.object({ createdAt: z.date(), id: z.uuid() }).nullish(), limit: z.number().int().min(1).max(100).default(50) }).default({ limit: 50 }))
    .query(({ ctx, input }) => listDocuments(ctx.tenant.id, { cursor: input.cursor ?? undefined, limit: input.limit })),

  get: allowedProcedure('workspace.view')
    .input(documentIdInput)
    .query(async ({ ctx, input }) => ({
      document: await getDocument(ctx.tenant.id, input.id),
      timeline: await documentTimeline(ctx.tenant.id, input.id),
      /** The first characters of the extracted text (plain text, never HTML), once processed. */
      textPreview: await documentTextPreview(ctx.tenant.id, input.id),
    })),

  /** Full-text search with web-search syntax ("exact phrase", OR, -word), ranked, with highlighted snippets. */
  search: allowedProcedure('workspace.view')
    .input(searchDocumentsInput)
    .query(({ ctx, input }) => searchDocuments(ctx.tenant.id, input)),

  resume: allowedProcedure('workspace.view')
    .input(documentIdInput)
    .mutation(({ ctx, input }) => resumeDocument({ tenantId: ctx.tenant.id, actor: ctx.actor, userId: ctx.user?.id ?? null, role: ctx.tenant.role }, input.id)),

  cancel: allowedProcedure('workspace.view')
    .input(documentIdInput)
    .mutation(({ ctx, input }) => cancelDocument({ tenantId: ctx.tenant.id, actor: ctx.actor, userId: ctx.user?.id ?? null, role: ctx.tenant.role }, input.id)),
});
