/**
 * The app's connections send a transaction's `begin`, and the statements
 * marked deferrable, with its next statement: in one text when none has
 * parameters; in one pipeline when those with parameters are parsed on the
 * connection already (the app's client prepares them); just before it
 * otherwise. What each transaction does is unchanged; what reaches the
 * server is counted here, one entry per network exchange.
 */
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deferrable, deferringStatements, PreparingClient } from '@/server/db';

const sent: string[] = [];
/** Exchanges node-postgres was asked for while another still waited to go: what it deprecates (it will refuse them in pg@9). */
const askedWhileOneWaited: string[] = [];
/** The client underneath: records each exchange node-postgres is asked to make (a pipeline as its statements). */
function recording(Base: typeof pg.Client): typeof pg.Client {
  return class Recording extends Base {
    override query(config: unknown, ...rest: unknown[]): never {
      const steps = (config as { steps?: { text: string }[] }).steps;
      sent.push(typeof config === 'string' ? config : steps ? `pipeline: ${steps.map((step) => step.text).join(' | ')}` : (config as { text: string }).text);
      if ((this as unknown as { _queryQueue: unknown[] })._queryQueue.length > 0) askedWhileOneWaited.push(sent.at(-1)!);
      return (super.query as (...args: unknown[]) => never).call(this, config, ...rest);
    }
  } as unknown as typeof pg.Client;
}
/** One connection, so a temporary table made outside the transactions is seen by them. */
async function notesOn(Client: typeof pg.Client) {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1, Client: deferringStatements(recording(Client)) });
  const db = drizzle({ client: pool });
  await db.execute(sql`create temporary table notes (body text not null, at timestamptz)`);
  const bodies = async () => (await db.execute<{ body: string }>(sql`select body from notes order by body`)).rows.map((row) => row.body);
  return { pool, db, bodies };
}
// node-postgres's own client underneath: nothing is prepared, so nothing is pipelined.
const { pool, db, bodies } = await notesOn(pg.Client);
// The app's: statements with parameters prepared, so they can be pipelined once parsed.
const preparing = await notesOn(PreparingClient);
afterAll(() => Promise.all([pool.end(), preparing.pool.end()]));
beforeEach(async () => {
  await db.execute(sql`truncate notes`);
  await preparing.db.execute(sql`truncate notes`);
  sent.length = 0;
  askedWhileOneWaited.length = 0;
});
afterEach(() => {
  expect(askedWhileOneWaited).toEqual([]);
});

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

describe('a deferrable statement on the app’s connections', () => {
  const noted = (body: string) => deferrable(`insert into notes (body) values ('${body}')`);

  it('travels with the transaction’s next statement, and with its commit', async () => {
    const seen = await db.transaction(async (tx) => {
      await tx.execute(sql.raw(noted('first')));
      const { rows } = await tx.execute<{ count: number }>(sql.raw('select count(*)::int as count from notes'));
      await tx.execute(sql.raw(noted('second')));
      return rows[0]!.count;
    });
    expect(seen).toBe(1);
    expect(sent).toEqual([`begin;${noted('first')};select count(*)::int as count from notes`, `${noted('second')};commit`]);
    expect(await bodies()).toEqual(['first', 'second']);
  });

  it('is sent just before a next statement with parameters', async () => {
    await db.transaction(async (tx) => {
      await tx.execute(sql.raw(noted('held')));
      await tx.execute(sql`insert into notes (body) values (${'bound'})`);
    });
    expect(sent.slice(0, 2)).toEqual([`begin;${noted('held')}`, 'insert into notes (body) values ($1)']);
    expect(await bodies()).toEqual(['bound', 'held']);
  });

  it('fails the statement it travels with, and the whole transaction rolls back', async () => {
    const failed = db.transaction(async (tx) => {
      await tx.execute(sql`insert into notes (body) values (${'kept only if all is'})`);
      await tx.execute(sql.raw(deferrable('insert into notes (body) values (null)')));
    });
    await expect(failed).rejects.toMatchObject({ cause: { code: '23502' } });
    expect(sent.at(-1)).toBe('rollback');
    expect(await bodies()).toEqual([]);
  });

  it('fails with its own error when it went just before a statement with parameters', async () => {
    const failed = db.transaction(async (tx) => {
      await tx.execute(sql.raw(deferrable('insert into notes (body) values (null)')));
      await tx.execute(sql`insert into notes (body) values (${'never kept'})`);
    });
    await expect(failed).rejects.toMatchObject({ cause: { code: '23502' } });
    expect(await bodies()).toEqual([]);
  });

  it('is dropped by a rollback, to a savepoint too, without reaching the server', async () => {
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into notes (body) values (${'outer'})`);
      await tx
        .transaction(async (savepoint) => {
          await savepoint.execute(sql.raw(noted('undone in the savepoint')));
          throw new Error('undo the savepoint');
        })
        .catch(() => {});
    });
    expect(sent.join('\n')).not.toContain('undone in the savepoint');
    expect(await bodies()).toEqual(['outer']);
    const rolledBack = db.transaction(async (tx) => {
      await tx.execute(sql.raw(noted('undone')));
      throw new Error('roll back');
    });
    await expect(rolledBack).rejects.toThrow('roll back');
    expect(sent.at(-1)).toBe('begin;rollback');
    expect(await bodies()).toEqual(['outer']);
  });

  it('goes out before what the transaction asks meanwhile, which stays inside it', async () => {
    const rolledBack = db.transaction(async (tx) => {
      await tx.execute(sql.raw(noted('held')));
      // Asked together: the first takes the held statements (begin among them) with it, one exchange after another.
      await Promise.all([tx.execute(sql`insert into notes (body) values (${'asked first'})`), tx.execute(sql`insert into notes (body) values (${'asked second'})`)]);
      expect((await tx.execute<{ body: string }>(sql.raw('select body from notes order by body'))).rows.map((row) => row.body)).toEqual(['asked first', 'asked second', 'held']);
      throw new Error('roll back');
    });
    await expect(rolledBack).rejects.toThrow('roll back');
    expect(sent.slice(0, 3)).toEqual([`begin;${noted('held')}`, 'insert into notes (body) values ($1)', 'insert into notes (body) values ($1)']);
    expect(await bodies()).toEqual([]);
  });

  it('goes out before a statement that brings its own callback, which hears the answer', async () => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query(deferrable("insert into notes (body) values ('held')"));
      const count = await new Promise<number>((resolve, reject) => {
        const config = { text: 'select count(*)::int as n from notes where body = $1', values: ['held'], callback: (error: Error | null, result?: pg.QueryResult) => (error ? reject(error) : resolve(result!.rows[0].n)) };
        void client.query(config as pg.QueryConfig);
      });
      expect(count).toBe(1);
      await client.query('rollback');
    } finally {
      client.release();
    }
    expect(sent.slice(0, 2)).toEqual(["begin;/* deferrable */ insert into notes (body) values ('held')", 'select count(*)::int as n from notes where body = $1']);
  });

  it('is sent at once outside a transaction', async () => {
    await db.execute(sql.raw(noted('alone')));
    expect(sent).toEqual([noted('alone')]);
    expect(await bodies()).toEqual(['alone']);
  });
});

describe('statements with parameters on the app’s connections', () => {
  const { db: app, bodies: appBodies } = preparing;

  it('go in one pipeline: a deferrable insert with the commit, a first statement with the begin and scope', async () => {
    const run = (body: string) =>
      app.transaction(async (tx) => {
        await tx.execute(sql.raw(deferrable(`select set_config('app.note', ${pg.escapeLiteral(body)}, true)`)));
        const { rows } = await tx.execute<{ note: string; at: Date; n: number }>(sql`select current_setting('app.note') as note, now() as at, ${41}::int + 1 as n`);
        await tx.execute(sql`${sql.raw(deferrable('insert into notes (body, at) values ('))}${rows[0]!.note}, ${rows[0]!.at})`);
        return rows[0]!;
      });
    const pipelines = (note: string) => [
      `pipeline: begin | ${deferrable(`select set_config('app.note', '${note}', true)`)} | select current_setting('app.note') as note, now() as at, $1::int + 1 as n`,
      `pipeline: ${deferrable('insert into notes (body, at) values (')}$1, $2) | commit`,
    ];
    await run('first'); // parses both statements with parameters on this connection, in the pipelines
    expect(sent).toEqual(pipelines('first'));
    sent.length = 0;
    const answer = await run('second'); // binds them by name
    expect(sent).toEqual(pipelines('second'));
    expect(await appBodies()).toEqual(['first', 'second']);
    // Read with the caller's row mode and type parsers, as the same statement outside a pipeline is.
    const alone = (await app.execute<{ at: unknown; n: unknown }>(sql`select now() as at, ${41}::int + 1 as n`)).rows[0]!;
    expect(answer).toMatchObject({ note: 'second', n: 42 });
    expect([typeof answer.at, typeof answer.n]).toEqual([typeof alone.at, typeof alone.n]);
  });

  it('fail the pipeline where one fails, roll the transaction back, and leave the connection as it was', async () => {
    const insert = (body: string | null) =>
      app.transaction(async (tx) => {
        await tx.execute(sql`insert into notes (body) values (${'kept only if all is'})`);
        await tx.execute(sql`${sql.raw(deferrable('insert into notes (body, at) values ('))}${body}, now())`);
      });
    await insert('parsed');
    sent.length = 0;
    await expect(insert(null)).rejects.toMatchObject({ cause: { code: '23502' } });
    expect(sent.at(-2)).toBe(`pipeline: ${deferrable('insert into notes (body, at) values (')}$1, now()) | commit`);
    expect(sent.at(-1)).toBe('rollback');
    await insert('after');
    expect(await appBodies()).toEqual(['after', 'kept only if all is', 'kept only if all is', 'parsed']);
  });

  it('are parsed again under a new name after a pipeline that parsed them failed, as the server may hold the old one', async () => {
    const insert = (body: string | null) =>
      app.transaction(async (tx) => {
        await tx.execute(sql`${sql.raw(deferrable('insert into notes (body, at) values ('))}${body}, now() - interval '1 day')`);
      });
    // The statement's first use on this connection: parsed in the pipeline, then refused at its execution.
    await expect(insert(null)).rejects.toMatchObject({ cause: { code: '23502' } });
    await insert('after the failure');
    await insert('and bound by name');
    expect(await appBodies()).toEqual(['after the failure', 'and bound by name']);
  });

  it('are parsed once when the same text goes twice in one pipeline', async () => {
    const noteTwice = (first: string, second: string) =>
      app.transaction(async (tx) => {
        const held = sql.raw(deferrable('insert into notes (at, body) values (now(), '));
        await tx.execute(sql`${held}${first})`);
        await tx.execute(sql`${held}${second})`);
      });
    await noteTwice('one', 'two'); // the text's first use on this connection
    await noteTwice('three', 'four');
    expect(await appBodies()).toEqual(['four', 'one', 'three', 'two']);
  });

  it('roll the transaction back when a held statement’s value cannot be converted, its commit not sent', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const failed = app.transaction(async (tx) => {
      await tx.execute(sql`insert into notes (body) values (${'kept only if all is'})`);
      await tx.execute(sql`${sql.raw(deferrable('insert into notes (body) values ('))}${circular}::text)`);
    });
    await expect(failed).rejects.toMatchObject({ cause: { message: expect.stringMatching(/circular/i) } });
    expect(sent.at(-1)).toBe('rollback');
    expect(sent).not.toContain('commit');
    expect(await appBodies()).toEqual([]);
  });

  it('go one after another when a text may hold several commands, which a pipeline cannot parse', async () => {
    const insert = (body: string) =>
      app.transaction(async (tx) => {
        await tx.execute(sql`${sql.raw(deferrable('insert into notes (body, at) values ('))}${body}, now())`);
        await tx.execute(sql.raw(`insert into notes (body) values ('${body} again'); insert into notes (body) values ('${body} thrice')`));
      });
    await insert('parsed');
    sent.length = 0;
    await insert('two');
    expect(sent.slice(1, 3)).toEqual([`${deferrable('insert into notes (body, at) values (')}$1, now())`, "insert into notes (body) values ('two again'); insert into notes (body) values ('two thrice')"]);
    expect(await appBodies()).toEqual(['parsed', 'parsed again', 'parsed thrice', 'two', 'two again', 'two thrice']);
  });

  it('fail with the conversion’s error when a value cannot be converted, and the connection goes on', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const select = (value: unknown) =>
      app.transaction(async (tx) => {
        await tx.execute(sql.raw(deferrable("select set_config('app.note', 'x', true)")));
        return (await tx.execute<{ value: string }>(sql`select ${value}::text as value`)).rows[0]!.value;
      });
    expect(await select('parsed')).toBe('parsed');
    await expect(select(circular)).rejects.toMatchObject({ cause: { message: expect.stringMatching(/circular/i) } });
    sent.length = 0;
    expect(await select('still')).toBe('still');
    expect(sent[0]).toMatch(/^pipeline: begin \| /);
  });
});
