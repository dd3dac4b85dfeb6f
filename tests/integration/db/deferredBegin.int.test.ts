/**
 * The app's connections send a transaction's `begin` with its first
 * statement: in one text when that statement has no parameters, just before
 * it otherwise. What each transaction does is unchanged; what reaches the
 * server is counted here, one entry per network exchange.
 */
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { deferringBegin } from '@/server/db';

const sent: string[] = [];
/** The client underneath: records each text node-postgres is asked to send. */
class Recording extends pg.Client {
  override query(config: unknown, ...rest: unknown[]): never {
    sent.push(typeof config === 'string' ? config : (config as { text: string }).text);
    return (super.query as (...args: unknown[]) => never).call(this, config, ...rest);
  }
}
// One connection, so a temporary table made outside the transactions is seen by them.
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1, Client: deferringBegin(Recording as unknown as typeof pg.Client) });
const db = drizzle({ client: pool });
await db.execute(sql`create temporary table notes (body text not null)`);
afterAll(() => pool.end());
beforeEach(async () => {
  await db.execute(sql`truncate notes`);
  sent.length = 0;
});
const bodies = async () => (await db.execute<{ body: string }>(sql`select body from notes order by body`)).rows.map((row) => row.body);

describe('a transaction on the app’s connections', () => {
  it('sends its begin with a first statement that has no parameters, and answers with that statement’s result', async () => {
    const setting = await db.transaction(async (tx) => {
      const { rows } = await tx.execute<{ value: string }>(sql.raw(`select set_config('app.note', 'kept', true) as value`));
      await tx.execute(sql`insert into notes (body) values (${rows[0]!.value})`);
      return (await tx.execute<{ value: string }>(sql`select current_setting('app.note') as value`)).rows[0]!.value;
    });
    expect(setting).toBe('kept');
    expect(sent.slice(0, 2)).toEqual([`begin;select set_config('app.note', 'kept', true) as value`, 'insert into notes (body) values ($1)']);
    expect(sent.at(-1)).toBe('commit');
    expect(await bodies()).toEqual(['kept']);
  });

  it('sends its begin just before a first statement with parameters, and still undoes it all on rollback', async () => {
    const failed = db.transaction(async (tx) => {
      await tx.execute(sql`insert into notes (body) values (${'undone'})`);
      await tx.execute(sql`select 1 / 0`);
    });
    await expect(failed).rejects.toThrow();
    expect(sent.slice(0, 2)).toEqual(['begin', 'insert into notes (body) values ($1)']);
    expect(await bodies()).toEqual([]);
  });

  it('rolls back when the statement sent with its begin fails, and the connection goes on', async () => {
    const failed = db.transaction(async (tx) => {
      await tx.execute(sql.raw('select 1 / 0'));
    });
    await expect(failed).rejects.toMatchObject({ cause: { code: '22012', message: 'division by zero' } });
    expect(sent.slice(0, 2)).toEqual(['begin;select 1 / 0', 'rollback']);
    expect((await pool.query('select 1 as still')).rows).toEqual([{ still: 1 }]);
  });

  it('commits a transaction that ran nothing, and leaves no transaction open', async () => {
    await db.transaction(async () => {});
    expect(sent).toEqual(['begin;commit']);
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into notes (body) values (${'after'})`);
    });
    expect(await bodies()).toEqual(['after']);
  });
});
