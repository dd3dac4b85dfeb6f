/**
 * The app's and pg-boss's connections send statements with parameters as
 * named prepared statements (parsed and planned once per connection), and
 * everything else as it came: several commands in one text, callbacks,
 * explicit names. Past a bound, new texts go unnamed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { PreparingClient } from '@/server/db';

const client = new PreparingClient({ connectionString: process.env.DATABASE_URL });
await client.connect();
afterAll(() => client.end());

/** The statements this client named itself (its names begin with t_). */
async function preparedStatements(): Promise<string[]> {
  const { rows } = await client.query<{ statement: string }>(`select statement from pg_prepared_statements where name like 't\\_%' order by prepare_time`);
  return rows.map((row) => row.statement);
}

describe('PreparingClient', () => {
  it('prepares a statement with parameters once, and runs it by name afterwards with new parameters', async () => {
    const text = 'select $1::int + 1 as next';
    const first = await client.query<{ next: number }>(text, [1]);
    const second = await client.query<{ next: number }>({ text, values: [41] });
    expect([first.rows[0]!.next, second.rows[0]!.next]).toEqual([2, 42]);
    expect((await preparedStatements()).filter((statement) => statement === text)).toHaveLength(1);
  });

  it('sends a text without parameters as it is, so several commands in one still run', async () => {
    const results = (await client.query('select 1 as one; select 2 as two')) as unknown as pg.QueryResult[];
    expect(results.map((result) => result.rows[0])).toEqual([{ one: 1 }, { two: 2 }]);
    expect(await preparedStatements()).not.toContain('select 1 as one; select 2 as two');
  });

  it('keeps a name the caller gave, and answers callbacks', async () => {
    const answer = await new Promise<number>((resolve, reject) =>
      client.query({ name: 'callers_own_name', text: 'select $1::int * 2 as doubled', values: [21] }, (error: Error | null, result: pg.QueryResult) =>
        error ? reject(error) : resolve(result.rows[0].doubled),
      ),
    );
    expect(answer).toBe(42);
    const { rows } = await client.query('select name from pg_prepared_statements where statement = $1', ['select $1::int * 2 as doubled']);
    expect(rows).toEqual([{ name: 'callers_own_name' }]);
  });

  it('reports a statement’s error as before, and the connection goes on', async () => {
    await expect(client.query('select $1::int / 0', [1])).rejects.toThrow('division by zero');
    expect((await client.query('select $1::text as still', ['here'])).rows).toEqual([{ still: 'here' }]);
  });

  it('prepares a statement again when a schema change altered its columns: at once outside a transaction, on the next run inside one', async () => {
    await client.query('create temp table grown (id int)');
    await client.query('insert into grown values (1)');
    const text = 'select * from grown where id = $1';
    expect((await client.query(text, [1])).rows).toEqual([{ id: 1 }]);
    // As a migration that adds a column while the app runs.
    await client.query("alter table grown add column note text default 'added'");
    expect((await client.query(text, [1])).rows).toEqual([{ id: 1, note: 'added' }]);

    await client.query('alter table grown add column more int default 2');
    await client.query('begin');
    await expect(client.query(text, [1])).rejects.toThrow('cached plan must not change result type');
    await client.query('rollback');
    expect((await client.query(text, [1])).rows).toEqual([{ id: 1, note: 'added', more: 2 }]);
  });

  it('does the same for a pool’s queries (pg-boss’s, and Drizzle’s outside a transaction), which node-postgres answers by callback', async () => {
    // One connection, so the temporary table and the prepared statement share it.
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, Client: PreparingClient, max: 1 });
    try {
      await pool.query('create temp table pooled (id int)');
      await pool.query('insert into pooled values (7)');
      const text = 'select * from pooled where id = $1';
      expect((await pool.query(text, [7])).rows).toEqual([{ id: 7 }]);
      await pool.query("alter table pooled add column note text default 'added'");
      expect((await pool.query(text, [7])).rows).toEqual([{ id: 7, note: 'added' }]);
      expect(pool.totalCount).toBe(1);
    } finally {
      await pool.end();
    }
  });

  it('stops preparing new texts once a connection holds 500, still running them', async () => {
    const before = (await preparedStatements()).length;
    for (let i = 0; i < 520; i++) await client.query(`select $1::int as n${i}`, [i]);
    const last = await client.query('select $1::int as n519', [519]);
    expect(last.rows).toEqual([{ n519: 519 }]);
    expect(await preparedStatements()).toHaveLength(500);
    expect(before).toBeLessThan(500);
  });
});
