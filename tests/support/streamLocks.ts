import { streamLockKey } from '@/server/events';
import { ownerQuery } from './ownerQuery';

/** Whether a session waits for the stream's append lock. */
export async function waitsForStreamLock(tenantId: string, streamId: string): Promise<boolean> {
  const [row] = await ownerQuery<{ waiting: boolean }>(
    `select exists (select 1 from pg_locks where locktype = 'advisory' and not granted and ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)) as waiting`,
    [streamLockKey(tenantId, streamId)],
  );
  return row!.waiting;
}
