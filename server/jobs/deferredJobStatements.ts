import { sql } from 'drizzle-orm';
import { fromDrizzle } from 'pg-boss';
import { deferrable, type Transaction } from '@/server/db';

type BossDb = ReturnType<typeof fromDrizzle>;

/**
 * pg-boss on `tx` for statements whose answer nothing here reads: each is
 * held back to go to Postgres with the transaction's next statement (its
 * commit, often), costing no round trip of its own
 * (server/db/deferredStatements.ts). pg-boss is given `answer` instead of
 * the statement's result.
 */
function deferredIn(tx: Transaction, answer: () => { rows: unknown[] }): BossDb {
  const db = fromDrizzle(tx, sql);
  return {
    executeSql: async (text, values) => {
      await db.executeSql(deferrable(text), values);
      return answer();
    },
  };
}

/** For job inserts in `tx`: nothing reads the new jobs' ids, and pg-boss, told of no rows, returns none. */
export const deferredJobInserts = (tx: Transaction): BossDb => deferredIn(tx, () => ({ rows: [] }));

/**
 * For a job's completion in `tx`: nothing reads how many jobs it settled.
 * pg-boss reads that count from the rows only when there are any (none
 * here), and reports none settled.
 */
export const deferredJobCompletion = (tx: Transaction): BossDb => deferredIn(tx, () => ({ rows: undefined as unknown as unknown[] }));
