import { sql, type SQL } from 'drizzle-orm';
import { withTenant } from '@/server/db';
import { AppError } from '@/server/errors';
import type { DocumentKind, DocumentStatus } from '../schema';
import { searchConfigs, type SearchConfig } from './searchConfig';
import { searchDocumentsInput, type SearchDocumentsInput, type SearchDocumentsQuery } from './searchDocumentsInput';
import { matchEnd, matchStart, snippetParts, type SnippetPart } from './snippet';

export type SearchHit = {
  documentId: string;
  fileName: string;
  kind: DocumentKind;
  status: DocumentStatus;
  language: string | null;
  createdAt: Date;
  rank: number;
  snippet: SnippetPart[];
};
export type SearchResults = { results: SearchHit[]; total: number; page: number; pageSize: number; pageCount: number };

/**
 * Snippets are cut from the first 128K characters: ts_headline parses all the
 * text it is given (some 13 ms for this much, 100 ms for a MiB), once per
 * result. A match deeper in a long document shows its opening words instead.
 */
const snippetSourceChars = 128 * 1024;
const headlineOptions = `StartSel=${matchStart}, StopSel=${matchEnd}, MaxFragments=2, MaxWords=30, MinWords=12, FragmentDelimiter=" … "`;

/**
 * Full-text search over a workspace's documents, best match first, with
 * web-search syntax ("exact phrase", OR, -word). Each document's text was
 * indexed with its own language's configuration, so the query is parsed
 * once per configuration and each document is matched with its own:
 * "documentos" in a Spanish document is found by "documento", while an
 * English one is stemmed the English way. Offset pages, with the total.
 */
export async function searchDocuments(tenantId: string, input: SearchDocumentsInput): Promise<SearchResults> {
  const parsed = searchDocumentsInput.safeParse(input);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    throw new AppError('invalid', issue?.message ?? 'validation.invalid', { field: issue?.path.join('.') || undefined, cause: parsed.error });
  }
  const search = parsed.data;
  const where = matching(tenantId, search);
  return withTenant(tenantId, async (tx) => {
    const counted = await tx.execute<{ total: number }>(sql`
      select count(*)::int as total
      from document_texts t join documents d on d.id = t.document_id
      where ${where}`);
    const total = counted.rows[0]?.total ?? 0;
    const { rows } = await tx.execute<HitRow>(sql`
      select page.*,
        ts_headline(page.search_config::regconfig, translate(left(t.body, ${snippetSourceChars}), ${matchStart + matchEnd}, ''),
          websearch_to_tsquery(page.search_config::regconfig, ${search.query}), ${headlineOptions}) as headline
      from (
        select d.id, d.file_name, d.kind, d.status, d.language, d.created_at, t.search_config,
          ts_rank_cd(t.search, websearch_to_tsquery(t.search_config::regconfig, ${search.query}), 1) as rank
        from document_texts t join documents d on d.id = t.document_id
        where ${where}
        order by rank desc, d.created_at desc, d.id desc
        limit ${search.pageSize} offset ${(search.page - 1) * search.pageSize}
      ) page
      join document_texts t on t.document_id = page.id
      order by page.rank desc, page.created_at desc, page.id desc`);
    return {
      results: rows.map(toHit),
      total,
      page: search.page,
      pageSize: search.pageSize,
      pageCount: Math.ceil(total / search.pageSize),
    };
  });
}

/**
 * The query is written out once per configuration, each a constant, so that
 * Postgres can answer every branch from the GIN index on `search`; matching
 * against `websearch_to_tsquery(t.search_config::regconfig, …)` would give
 * the same rows but read every text of the workspace.
 */
function matching(tenantId: string, search: SearchDocumentsQuery): SQL {
  const byConfig = searchConfigs.map(
    (config: SearchConfig) => sql`(t.search_config = ${config} and t.search @@ websearch_to_tsquery(${config}::regconfig, ${search.query}))`,
  );
  return sql.join(
    [
      sql`t.tenant_id = ${tenantId} and d.tenant_id = ${tenantId}`,
      sql`(${sql.join(byConfig, sql` or `)})`,
      search.status ? sql`d.status = ${search.status}` : undefined,
      search.kind ? sql`d.kind = ${search.kind}` : undefined,
      search.from ? sql`d.created_at >= ${search.from}` : undefined,
      search.to ? sql`d.created_at < ${search.to}` : undefined,
    ].filter((condition) => condition !== undefined),
    sql` and `,
  );
}

type HitRow = {
  id: string;
  file_name: string;
  kind: DocumentKind;
  status: DocumentStatus;
  language: string | null;
  created_at: Date | string;
  rank: number;
  headline: string;
};

function toHit(row: HitRow): SearchHit {
  return {
    documentId: row.id,
    fileName: row.file_name,
    kind: row.kind,
    status: row.status,
    language: row.language,
    createdAt: new Date(row.created_at),
    rank: Number(row.rank),
    snippet: snippetParts(row.headline),
  };
}
