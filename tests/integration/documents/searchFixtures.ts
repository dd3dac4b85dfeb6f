import { randomUUID } from 'node:crypto';
import { withTenant } from '@/server/db';
import type { DocumentKind, DocumentStatus } from '@/server/documents/schema';
import type { DocumentLanguage } from '@/server/documents/processing';
import { indexDocumentText } from '@/server/documents/search';
import { ownerQuery } from '@/tests/support/ownerQuery';

let workspaces = 0;
/** A bare workspace: search needs no members. */
export async function newWorkspace(): Promise<string> {
  workspaces += 1;
  const [row] = await ownerQuery<{ id: string }>(`insert into tenants (slug, name) values ($1, $2) returning id`, [`search-${workspaces}-${Date.now()}`, `Search ${workspaces}`]);
  return row!.id;
}

type NewDocument = { body: string; language: DocumentLanguage; fileName?: string; kind?: DocumentKind; status?: DocumentStatus; createdAt?: Date };

/** A document's row in the read model, written behind the app's back (the projection owns that table); its text neither stored nor indexed. */
export async function addDocumentRow(tenantId: string, document: NewDocument): Promise<string> {
  const id = randomUUID();
  const createdAt = document.createdAt ?? new Date();
  await ownerQuery(
    `insert into documents (id, tenant_id, file_name, kind, content_type, size_bytes, sha256, status, language, created_at, updated_at)
     values ($1, $2, $3, $4, 'text/plain', $5, $6, $7, $8, $9, $9)`,
    [id, tenantId, document.fileName ?? `${id}.txt`, document.kind ?? 'txt', Buffer.byteLength(document.body) || 1, id.replaceAll('-', '').padEnd(64, '0'), document.status ?? 'ready', document.language, createdAt],
  );
  return id;
}

/** A document as the workflow leaves it: its row, and its text indexed the way the index step does it. */
export async function addDocument(tenantId: string, document: NewDocument): Promise<string> {
  const id = await addDocumentRow(tenantId, document);
  await withTenant(tenantId, (tx) => indexDocumentText(tx, { tenantId, documentId: id, body: document.body, language: document.language }));
  return id;
}
