import { sql } from 'drizzle-orm';
import type { Transaction } from '@/server/db';

/**
 * Takes a stream's append lock for the rest of `tx`: the advisory lock
 * append_events takes on the same key (migration 0007), which an append in
 * `tx` then takes again at no cost. For a command that locks something the
 * stream's appends also write (the documents row, which the documents
 * projection updates inside the append): taken first, it keeps the one order
 * appends lock in (the stream, then what the append writes), so the two
 * cannot deadlock.
 */
export async function lockStream(tx: Transaction, tenantId: string, streamId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${streamLockKey(tenantId, streamId)}, 0))`);
}

/** The text whose hash keys a stream's append lock, as append_events builds it. */
export function streamLockKey(tenantId: string, streamId: string): string {
  return `events:${tenantId}:${streamId}`;
}
